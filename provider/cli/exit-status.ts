/** The exit statuses of every command of the CLI. */
export const EXIT = {
  /** Done: every file is good (validate), the flows file was written (discover), or help was shown. */
  ok: 0,
  /** The work failed: a file has problems (validate), or Kaleyra, the network or the output failed (discover). */
  failed: 1,
  /** The command line or the environment is wrong (or a file cannot be read): nothing was done. */
  usage: 2,
} as const;
