// Who is signed in, what they may change, and the signal that stops a page's streams and polls when it is left.

export const session = {
  me: null,
  controller: new AbortController(),
  get signal() { return this.controller.signal; },
  get isSra() { return !!this.me?.roles?.includes('SRA'); },
  /** Whether the caller may change things of an organization (SRA anywhere, RA in their own). */
  canAdmin(organization) {
    return this.isSra || (!!this.me?.roles?.includes('RA') && (!organization || organization === this.me.organization));
  },
  /** A new page: ends what the previous one left running. */
  leave() {
    this.controller.abort();
    this.controller = new AbortController();
  },
};

/** Calls `fn` every `ms` until the page is left. */
export function every(ms, fn) {
  const signal = session.signal;
  const timer = setInterval(() => (signal.aborted ? clearInterval(timer) : fn()), ms);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
