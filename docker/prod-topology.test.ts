import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../contract/events.ts';
import type { ConversationDetail } from '../contract/conversations.ts';
import { describeWithDockerEngine } from '../test-support/docker-engine.ts';
import { NODE_BASE_IMAGE, PROMETHEUS_BASE_IMAGE } from '../test-support/docker-base-images.ts';
import { ensureBaseImage, imageCacheDir } from '../test-support/docker-images.ts';
import { startDockerTestBed, testTopology, type DockerTestBed } from '../test-support/docker-test-setup.ts';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';
import { dashboardQueries } from '../test-support/grafana-dashboard.ts';
import { api } from '../test-support/http-client.ts';
import { scrapedBy, type RunningPrometheus } from '../test-support/prometheus.ts';
import { connectSocket, nextEvent, type ClientSocket } from '../test-support/sockets.ts';
import { registerOverHttp } from '../test-support/users.ts';
import { applicationPlans, dataPlans, serverPlan, translatorPlan } from './orchestrator/container-plans.ts';
import { resolveDockerSettings } from './orchestrator/docker-settings.ts';
import { Orchestrator } from './orchestrator/orchestrator.ts';
import { PROD_TOPOLOGY } from './orchestrator/topology.ts';
import { seedThroughApi } from './database-tasks.ts';
import { VERBS } from './verbs.ts';
import { DESKTOP_APP_ORIGIN } from '../contract/desktop-app.ts';
import type { DockerModeView } from '../contract/desktop-docker.ts';
import { DockerModeController } from '../stack/docker-mode-controller.ts';

/** Tags of this suite's own builds, so a developer's meeshy/backend:latest is never replaced. */
const SERVER_IMAGE = 'meeshy-test/backend:suite';
const TRANSLATOR_IMAGE = 'meeshy-test/translator:suite';

describeWithDockerEngine('the production topology from the project’s own images', () => {
  let bed: DockerTestBed;
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let orchestrator: Orchestrator;
  const progress: string[] = [];

  // The first run on a machine builds the base images from Debian packages; later runs import cached tars.
  // The engine keeps its images and build cache beside them: a later build redoes only what changed
  // (npm ci only when the lockfile did).
  beforeAll(async () => {
    bed = await startDockerTestBed({ keepDataIn: path.join(imageCacheDir(), 'engine') });
    const nodeImage = await ensureBaseImage(bed.docker, NODE_BASE_IMAGE);
    const prometheusImage = await ensureBaseImage(bed.docker, PROMETHEUS_BASE_IMAGE);
    hub = await startFixtureHub();
    const settings = resolveDockerSettings([], {
      ...bed.env,
      MEESHY_NODE_BASE_IMAGE: nodeImage,
      MEESHY_PROMETHEUS_IMAGE: prometheusImage,
      MEESHY_SERVER_IMAGE: SERVER_IMAGE,
      MEESHY_TRANSLATOR_IMAGE: TRANSLATOR_IMAGE,
      MEESHY_TRANSLATOR_TOKEN: randomUUID(),
    });
    orchestrator = new Orchestrator(settings, (line) => progress.push(line), bed.docker);
  }, 20 * 60_000);

  // Pruning what the builds left over can take minutes on a busy machine.
  afterAll(async () => {
    await hub.dispose();
    await bed.engine.stop();
  }, 10 * 60_000);

  it(
    'prod:build builds the server and translator images from the Dockerfiles through the engine, with progress',
    async () => {
      const said: string[] = [];
      const build = VERBS.find((verb) => verb.name === 'prod:build');
      await build?.run({
        orchestrator,
        say: (line) => said.push(line),
        out: process.stdout,
        options: { follow: false, tail: 0, pull: false },
      });
      expect(said).toContain(`built ${SERVER_IMAGE}`);
      expect(said).toContain(`built ${TRANSLATOR_IMAGE}`);
      expect(said.some((line) => /^Step \d+\/\d+ : RUN npm ci/.test(line))).toBe(true);
      for (const [image, probe] of [
        [SERVER_IMAGE, 'http'],
        [TRANSLATOR_IMAGE, 'grpc'],
      ] as const) {
        const config = (await bed.docker.getImage(image).inspect()).Config;
        expect(config.User, image).toBe('meeshy');
        expect(config.Healthcheck?.Test?.join(' '), image).toContain(`/app/docker/healthcheck.js ${probe}`);
      }
    },
    40 * 60_000,
  );

  it(
    'runs server, translator, Postgres and Redis healthy on 127.0.0.1, and two users exchange a translated message',
    async () => {
      const topology = await testTopology(
        'prod',
        // Grafana is placed (the monitoring plans come as a pair) but not started: no image of it can be built here.
        ['postgres', 'redis', 'translator', 'backend', 'prometheus', 'grafana'],
        PROD_TOPOLOGY,
      );
      // The translator fetches its model from the suite's local hub (the lexicon fixture as the medium tier).
      const settings = orchestrator.settings;
      const translator = translatorPlan(topology, settings);
      const plans = [
        ...dataPlans(topology, settings),
        {
          ...translator,
          env: [...translator.env, `HF_ENDPOINT=${hub.hub.url}`, `MEDIUM_MODEL=${NLLB_REPO}`],
        },
        serverPlan(topology, settings, 'backend'),
      ];
      const sockets: ClientSocket[] = [];
      let prometheus: RunningPrometheus | undefined;
      try {
        const outcomes = await orchestrator.up(topology, plans, { pull: false });
        expect([...outcomes.values()]).toEqual(['created', 'created', 'created', 'created']);
        const serverUrl = `http://127.0.0.1:${String(topology.services.backend?.port)}`;

        const health = await fetch(`${serverUrl}/health`);
        expect(health.status).toBe(200);

        const english = await registerOverHttp(serverUrl, 'english', { systemLanguage: 'en' });
        const french = await registerOverHttp(serverUrl, 'french', { systemLanguage: 'fr' });
        const conversation = await api<ConversationDetail>(
          `${serverUrl}/api/conversations`,
          'POST',
          { type: 'direct', memberIds: [french.user.id] },
          english.accessToken,
        );
        const [sender, reader] = await Promise.all([
          connectSocket(serverUrl, english.accessToken),
          connectSocket(serverUrl, french.accessToken),
        ]);
        sockets.push(sender, reader);
        const arrived = nextEvent(reader, 'message:new', (message) => message.content === 'hello', 20_000);
        const translated = nextEvent(
          reader,
          'message:translation',
          (translation) => translation.targetLanguage === 'fr',
          60_000,
        );
        const ack = (await sender.timeout(10_000).emitWithAck('message:send', {
          conversationId: conversation.id,
          clientMessageId: randomUUID(),
          content: 'hello',
          originalLanguage: 'en',
        })) as Ack<SentMessage>;
        expect(ack.success).toBe(true);
        expect((await arrived).sender.id).toBe(english.user.id);
        expect((await translated).content).toBe('bonjour');

        // db:seed's work against the containerized server: its demo users exist, twice run is harmless.
        const seeded = await seedThroughApi(serverUrl);
        expect(seeded).toHaveLength(2);
        expect(await seedThroughApi(serverUrl)).toEqual(seeded);
        const signIn = await fetch(`${serverUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'alice', password: /"(.*)"/.exec(seeded[0] ?? '')?.[1] }),
        });
        expect(signIn.status).toBe(200);

        // Prometheus' targets answer: the server's /metrics and the translator's own listener.
        const serverMetrics = await (await fetch(`${serverUrl}/metrics`)).text();
        expect(serverMetrics).toContain('meeshy_messages_stored_total{transport="socket"} 1');
        const translatorMetrics = await (
          await fetch(`http://127.0.0.1:${String(topology.services.translator?.metricsPort)}/metrics`)
        ).text();
        expect(translatorMetrics).toMatch(
          /meeshy_translator_translations_total\{tier="medium",cache="miss"\} \d/,
        );

        // And Prometheus itself, from the topology's plan and the shipped scrape configuration, scrapes both.
        prometheus = await scrapedBy(orchestrator, topology);
        plans.push(prometheus.plan);
        expect(await prometheus.targetHealth()).toEqual({ 'meeshy-server': 'up', 'meeshy-translator': 'up' });
        expect(await prometheus.query('sum(meeshy_messages_stored_total)')).toBe(1);
        // Grafana itself cannot run here (no Debian package, no registry), but what its dashboard asks is
        // Prometheus' to answer: every panel's query runs on the real Prometheus over the real metrics, and the
        // panels this run fed (messages, sockets, the translator's translations) get a value once a rate has
        // its two samples.
        const queries = dashboardQueries();
        for (const { expression } of queries) await prometheus.seriesNow(expression);
        const fed = [
          'Messages stored per second',
          'Socket connections',
          'Translator: translations per second by tier and cache',
        ];
        for (const { panel, expression } of queries.filter((query) => fed.includes(query.panel)))
          expect(await prometheus.query(expression), panel).not.toBeNaN();
      } finally {
        for (const socket of sockets) socket.close();
        if (process.env.MEESHY_DEBUG) for (const line of progress) process.stderr.write(`${line}\n`);
        await orchestrator.remove(topology, plans, { volumes: true });
        prometheus?.dispose();
      }
    },
    10 * 60_000,
  );
  it(
    'the desktop app launches the bundled prod containers from those images, and serves the app as a self-hosted server',
    async () => {
      const topology = await testTopology(
        'bundled',
        ['postgres', 'redis', 'translator', 'backend', 'frontend'],
        PROD_TOPOLOGY,
      );
      // No sources: the images of the build above must be used as they are, never rebuilt.
      const controller = new DockerModeController({
        docker: orchestrator.settings,
        pull: false,
        sourceDir: undefined,
        topology,
        engine: bed.docker,
        extraEnv: { translator: [`HF_ENDPOINT=${hub.hub.url}`, `MEDIUM_MODEL=${NLLB_REPO}`] },
      });
      const views: DockerModeView[] = [];
      controller.on('view', (view) => views.push(view));
      try {
        const launched = await controller.launchBundled({ monitoring: false });
        expect(launched.failure).toBeUndefined();
        expect(launched.task).toBeUndefined();
        expect(launched.data.map((row) => [row.role, row.state, row.health])).toEqual([
          ['postgres', 'running', 'healthy'],
          ['redis', 'running', 'healthy'],
        ]);
        expect(launched.bundled.map((row) => [row.role, row.state, row.health])).toEqual([
          ['translator', 'running', 'healthy'],
          ['backend', 'running', 'healthy'],
          ['frontend', 'running', 'healthy'],
        ]);
        const url = `http://127.0.0.1:${String(topology.services.backend?.port)}`;
        expect(launched.bundledUrl).toBe(url);
        const lines = views.flatMap((view) => view.task?.progress ?? []);
        expect(lines).toContainEqual({ step: 'images', detail: `${SERVER_IMAGE} is in the engine` });
        expect(lines.some((line) => line.step === 'health')).toBe(true);

        // The app's page (its fixed origin) talks to it as to any self-hosted server.
        const health = await fetch(`${url}/health`, { headers: { origin: DESKTOP_APP_ORIGIN } });
        expect(health.status).toBe(200);
        expect(health.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN);
        await registerOverHttp(url, 'bundled');

        const stopped = await controller.stopBundled();
        expect(stopped.bundled.map((row) => row.state)).toEqual(['exited', 'exited', 'exited']);
        // The data containers (the Docker mode's too) keep running.
        expect(stopped.data.map((row) => row.state)).toEqual(['running', 'running']);
        expect(stopped.bundledUrl).toBeUndefined();
      } finally {
        await orchestrator.remove(topology, applicationPlans(topology, orchestrator.settings), {
          volumes: true,
        });
      }
    },
    10 * 60_000,
  );
});
