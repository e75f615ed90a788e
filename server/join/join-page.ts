import type { FastifyPluginCallback } from 'fastify';
import { shareLinkCodeSchema } from '../../contract/join.ts';

/**
 * A join link on the web (`/join/<code>`) opens the client's join screen. The client's page loads its
 * files by relative paths (so it works under any prefix and from the desktop app), which a page served at
 * `/join/<code>` would look for under `/join/`: the link is sent on to the client's own page with the code
 * in its query, relatively, so a server behind a path prefix keeps it.
 */
export const joinPage: FastifyPluginCallback = (app, _options, done) => {
  app.get<{ Params: { code: string } }>('/join/:code', (request, reply) => {
    const { code } = request.params;
    if (!shareLinkCodeSchema.safeParse(code).success) return reply.redirect('../', 302);
    return reply.header('referrer-policy', 'no-referrer').redirect(`../?join=${code}`, 302);
  });
  done();
};
