/** A throwaway PostgreSQL on loopback (scripts/lib/postgres.mjs). */
export interface ThrowawayPostgres {
  url: string;
  /** Stops the server, keeping its data; 'immediate' (the default) is a crash. */
  halt(mode?: 'fast' | 'immediate'): void;
  /** Starts it again after halt(), on the same port and data. */
  resume(): void;
  /** Stops it and deletes its data. */
  stop(): void;
}

export function startPostgres(): Promise<ThrowawayPostgres>;
