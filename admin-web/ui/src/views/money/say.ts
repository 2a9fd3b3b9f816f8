/**
 * A message to show, kept as the function that words it rather than words said once: a
 * status or an error then follows the console's language when it changes.
 */
export type Say = () => string;
