/**
 * Builds the back offices from configuration. Each kind of back office names an adapter;
 * `simulator` is the embedded default and the only one shipped. A district adds its own by
 * registering a factory in ADAPTER_FACTORIES (see README.md in this folder).
 */
import { DEMO_CARD_ISSUER_KEY_HEX, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import type { BackOffices } from './adapters.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DatabaseBillerBook } from './simulator/biller-book.ts';
import { SimulatedBiller } from './simulator/billers.ts';
import type { FaultMode, FaultSwitch } from './simulator/faults.ts';
import { SimulatedMailbox } from './simulator/mailbox.ts';
import { SimulatedPaymentProvider } from './simulator/payments.ts';
import { SimulatedResidencePermits } from './simulator/residence-permit.ts';
import { SimulatedSocialSecurity } from './simulator/social-security.ts';

export const BACK_OFFICE_KINDS = ['billers', 'payments', 'social-security', 'residence-permit', 'mailbox'] as const;
export type BackOfficeKind = (typeof BACK_OFFICE_KINDS)[number];

/** Simulated systems whose faults can be switched, by name. */
export const SIMULATOR_TARGETS = ['water', 'power', 'gas', 'telecom', 'payments', 'social-security', 'residence-permit', 'mailbox'] as const;
export type SimulatorTarget = (typeof SIMULATOR_TARGETS)[number];

export interface GatewayConfig {
  /** Adapter name per kind of back office. */
  adapters: Record<BackOfficeKind, string>;
  /** Start-up fault modes of simulators (demo and tests). */
  faults: Partial<Record<SimulatorTarget, FaultMode>>;
  /** How long a payment QR code stays valid. */
  paymentTtlMs: number;
  /**
   * The issuer master key the social-security simulator checks 3.00 cards' cryptograms with.
   * The default is the public demo key the virtual cards use: DEMO ONLY, it proves nothing.
   */
  cardIssuerKey: Uint8Array;
  /** The environment config.ts read, for a district adapter's own settings. */
  env: NodeJS.ProcessEnv;
}

export const defaultGatewayConfig = (): GatewayConfig => ({
  adapters: { billers: 'simulator', payments: 'simulator', 'social-security': 'simulator', 'residence-permit': 'simulator', mailbox: 'simulator' },
  faults: {},
  paymentTtlMs: 5 * 60_000,
  cardIssuerKey: parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX),
  env: {},
});

/** The embedded simulators, kept together so tests and the control route can reach them. */
export class Simulators {
  readonly billers: Record<BillerKind, SimulatedBiller>;
  readonly payments: SimulatedPaymentProvider;
  readonly socialSecurity: SimulatedSocialSecurity;
  readonly residencePermit: SimulatedResidencePermits;
  readonly mailbox: SimulatedMailbox;

  constructor(now: () => number, cardIssuerKey: Uint8Array) {
    this.billers = {
      water: new SimulatedBiller('water', now),
      power: new SimulatedBiller('power', now),
      gas: new SimulatedBiller('gas', now),
      telecom: new SimulatedBiller('telecom', now),
    };
    this.payments = new SimulatedPaymentProvider(now);
    this.socialSecurity = new SimulatedSocialSecurity(now, cardIssuerKey);
    this.residencePermit = new SimulatedResidencePermits(now);
    this.mailbox = new SimulatedMailbox(now);
  }

  /** The billers keep their books in the server's database from now on (survives a restart). */
  keepBillerBooksIn(db: Kysely<Database>): void {
    for (const biller of Object.values(this.billers)) biller.useBook(new DatabaseBillerBook(db, biller.kind));
  }

  fault(target: SimulatorTarget): FaultSwitch {
    switch (target) {
      case 'payments':
        return this.payments.faults;
      case 'social-security':
        return this.socialSecurity.faults;
      case 'residence-permit':
        return this.residencePermit.faults;
      case 'mailbox':
        return this.mailbox.faults;
      default:
        return this.billers[target].faults;
    }
  }
}

export interface AdapterContext {
  now: () => number;
  env: NodeJS.ProcessEnv;
  /** Created on first use by a `simulator` adapter. */
  simulators: () => Simulators;
}

type Factories = { [K in BackOfficeKind]: Record<string, (ctx: AdapterContext) => BackOffices[K extends 'social-security' ? 'socialSecurity' : K extends 'residence-permit' ? 'residencePermit' : K]> };

/** Adapter factories per kind of back office. Add a district's own adapter here. */
export const ADAPTER_FACTORIES: Factories = {
  billers: { simulator: (ctx) => ctx.simulators().billers },
  payments: { simulator: (ctx) => ctx.simulators().payments },
  'social-security': { simulator: (ctx) => ctx.simulators().socialSecurity },
  'residence-permit': { simulator: (ctx) => ctx.simulators().residencePermit },
  mailbox: { simulator: (ctx) => ctx.simulators().mailbox },
};

export interface Gateway {
  backOffices: BackOffices;
  /** Present when any simulator is in use. */
  simulators: Simulators | undefined;
  config: GatewayConfig;
}

export function createGateway(config: GatewayConfig, now: () => number): Gateway {
  let sims: Simulators | undefined;
  const ctx: AdapterContext = { now, env: config.env, simulators: () => (sims ??= new Simulators(now, config.cardIssuerKey)) };
  const pick = <K extends BackOfficeKind>(kind: K) => {
    const factory = ADAPTER_FACTORIES[kind][config.adapters[kind]];
    if (!factory) throw new Error(`no '${config.adapters[kind]}' adapter for ${kind}; known: ${Object.keys(ADAPTER_FACTORIES[kind]).join(', ')}`);
    return factory(ctx) as ReturnType<Factories[K][string]>;
  };
  const backOffices: BackOffices = {
    billers: pick('billers'),
    payments: pick('payments'),
    socialSecurity: pick('social-security'),
    residencePermit: pick('residence-permit'),
    mailbox: pick('mailbox'),
  };
  for (const [target, mode] of Object.entries(config.faults) as [SimulatorTarget, FaultMode][]) {
    if (!sims) throw new Error('SIMULATOR_FAULTS set but no simulator is in use');
    sims.fault(target).mode = mode;
  }
  return { backOffices, simulators: sims, config };
}
