import { z } from 'zod';
import type { BundledLaunchRequest } from '../contract/desktop-docker.ts';

const bundledLaunchSchema: z.ZodType<BundledLaunchRequest> = z.object({ monitoring: z.boolean() }).strict();

/** What the page asks "Launch the bundled prod containers" for, checked: nothing but the monitoring choice. */
export function parseBundledLaunchRequest(value: unknown): BundledLaunchRequest {
  return bundledLaunchSchema.parse(value);
}

/** The Docker methods that take no argument refuse one: the page is not trusted to pass anything along. */
export function parseNoArgument(value: unknown): void {
  z.undefined().parse(value);
}
