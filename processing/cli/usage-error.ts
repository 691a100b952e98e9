/** A usage mistake: the CLI prints it with the usage text and exits with code 2 (its own module, so `--help` loads nothing else). */
export class UsageError extends Error {}
