/**
 * Builds the back offices from configuration. Each kind of back office names an adapter;
 * `simulator` is the embedded default and the only one shipped. A district adds its own by
 * registering a factory in ADAPTER_FACTORIES (see README.md in this folder).
 */
import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import { int } from '../config.ts';
import type { BackOffices } from './adapters.ts';
import { SimulatedBiller } from './simulator/billers.ts';
import { FAULT_MODES, type FaultMode, type FaultSwitch } from './simulator/faults.ts';
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
}

export const defaultGatewayConfig = (): GatewayConfig => ({
  adapters: { billers: 'simulator', payments: 'simulator', 'social-security': 'simulator', 'residence-permit': 'simulator', mailbox: 'simulator' },
  faults: {},
  paymentTtlMs: 5 * 60_000,
});

/** Reads GATEWAY_<KIND>=<adapter> (e.g. GATEWAY_BILLERS=simulator) and SIMULATOR_FAULTS=water:timeout,payments:down. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const cfg = defaultGatewayConfig();
  for (const kind of BACK_OFFICE_KINDS) {
    const v = env[`GATEWAY_${kind.toUpperCase().replace('-', '_')}`];
    if (v) cfg.adapters[kind] = v;
  }
  for (const item of (env.SIMULATOR_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [target, mode] = item.split(':');
    if (!SIMULATOR_TARGETS.includes(target as SimulatorTarget) || !FAULT_MODES.includes(mode as FaultMode)) {
      throw new Error(`SIMULATOR_FAULTS: '${item}' is not <${SIMULATOR_TARGETS.join('|')}>:<${FAULT_MODES.join('|')}>`);
    }
    cfg.faults[target as SimulatorTarget] = mode as FaultMode;
  }
  cfg.paymentTtlMs = int(env, 'PAYMENT_QR_TTL_MS', cfg.paymentTtlMs, 10_000);
  return cfg;
}

/** The embedded simulators, kept together so tests and the control route can reach them. */
export class Simulators {
  readonly billers: Record<BillerKind, SimulatedBiller>;
  readonly payments: SimulatedPaymentProvider;
  readonly socialSecurity: SimulatedSocialSecurity;
  readonly residencePermit: SimulatedResidencePermits;
  readonly mailbox: SimulatedMailbox;

  constructor(now: () => number) {
    this.billers = {
      water: new SimulatedBiller('water', now),
      power: new SimulatedBiller('power', now),
      gas: new SimulatedBiller('gas', now),
      telecom: new SimulatedBiller('telecom', now),
    };
    this.payments = new SimulatedPaymentProvider(now);
    this.socialSecurity = new SimulatedSocialSecurity(now);
    this.residencePermit = new SimulatedResidencePermits(now);
    this.mailbox = new SimulatedMailbox(now);
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

export function createGateway(config: GatewayConfig, now: () => number, env: NodeJS.ProcessEnv = process.env): Gateway {
  let sims: Simulators | undefined;
  const ctx: AdapterContext = { now, env, simulators: () => (sims ??= new Simulators(now)) };
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
