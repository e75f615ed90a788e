/** How long a request over the socket (a sync page, a send) waits for the server's answer. */
export const ACK_TIMEOUT_MS = 10_000;
