import fs from 'node:fs';
import path from 'node:path';

/** One query of the shipped Grafana dashboard, with the panel that draws it. */
export interface DashboardQuery {
  panel: string;
  expression: string;
}

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

const SHIPPED_DASHBOARD = path.join(
  import.meta.dirname,
  '..',
  'docker',
  'monitoring',
  'grafana',
  'dashboards',
  'meeshy-overview.json',
);

/** Every PromQL expression of the dashboard Grafana is provisioned with, in panel order. */
export function dashboardQueries(): DashboardQuery[] {
  const dashboard = JSON.parse(fs.readFileSync(SHIPPED_DASHBOARD, 'utf8')) as Dashboard;
  return dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ panel: panel.title, expression: target.expr })),
  );
}
