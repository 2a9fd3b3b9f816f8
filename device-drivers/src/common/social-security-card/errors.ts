export type SocialSecurityCardErrorCode =
  /** SELECT of the SSSE application failed: not a social-security card. */
  | 'not-ssse'
  /** A field is missing or does not decode. */
  | 'unreadable'
  | 'wrong-pin'
  | 'pin-blocked'
  /** 93 03: the application is permanently locked. */
  | 'app-locked'
  /** A 3.00 card and no authenticator, or 69 82 on the holder file. */
  | 'authentication-required'
  | 'authentication-failed'
  /** The PSAM (or key service) cannot be reached. */
  | 'authenticator-unavailable'
  /** The citizen ID read from the card fails its check digit. */
  | 'bad-citizen-id';

export class SocialSecurityCardError extends Error {
  override readonly name = 'SocialSecurityCardError';
  constructor(
    readonly code: SocialSecurityCardErrorCode,
    message: string,
    readonly triesLeft?: number,
  ) {
    super(message);
  }
}
