import type { ServerRole } from '../../contract/users.ts';
import type { ChatRepository } from '../db/repository.ts';
import { AppError, forbidden } from '../errors.ts';

const MODEL_MANAGERS: ReadonlySet<ServerRole> = new Set(['owner', 'operator']);

/**
 * Downloading, removing and consenting to a model's license act for the whole server (gigabytes of its
 * disk, a license its owner answers for): only the owner and the operators the owner named may.
 */
export async function requireModelManager(repository: ChatRepository, userId: string): Promise<void> {
  const user = await repository.findUserById(userId);
  if (!user || !MODEL_MANAGERS.has(user.role)) {
    throw forbidden("Only the server's owner or an operator can manage translation models");
  }
}

/**
 * Importing a model reads a folder of the machine the server runs on: only its owner may, and only from that machine
 * (a loopback connection), which is the desktop app's case; a server reached over the network never reads its disk
 * for a client.
 */
export async function requireLocalOwner(
  repository: ChatRepository,
  userId: string,
  remoteAddress: string | undefined,
): Promise<void> {
  const user = await repository.findUserById(userId);
  if (user?.role !== 'owner') throw forbidden("Only the server's owner can import a model from a folder");
  if (!isLoopbackAddress(remoteAddress)) {
    throw forbidden('A model can be imported from a folder only on the machine running the server');
  }
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4);
}

/** The owner names operators (or takes the role back); nobody else changes roles, and never the owner's. */
export async function grantServerRole(
  repository: ChatRepository,
  granterId: string,
  userId: string,
  role: Exclude<ServerRole, 'owner'>,
): Promise<void> {
  const granter = await repository.findUserById(granterId);
  if (granter?.role !== 'owner') throw forbidden("Only the server's owner can grant roles");
  const target = await repository.findUserById(userId);
  if (!target) throw new AppError(404, 'USER_NOT_FOUND', 'User not found');
  if (target.role === 'owner') throw forbidden("The owner's role cannot be changed");
  await repository.setUserRole(userId, role, new Date().toISOString());
}
