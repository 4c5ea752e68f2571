/**
 * Base of the one-class-per-command pattern: the constructor registers `run`, `dispose`
 * unregisters. A failure becomes a readable message, never an unhandled rejection.
 */
import * as vscode from 'vscode';
import type { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';

export abstract class FleetCommand implements vscode.Disposable {
    private readonly registration: vscode.Disposable;

    constructor(
        id: CommandId,
        protected readonly fleet: FleetService,
    ) {
        this.registration = vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            try {
                return await this.run(...args);
            } catch (error) {
                if (error instanceof vscode.CancellationError) return undefined;
                void vscode.window.showErrorMessage(
                    `Apify Fleet: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
                );
                return undefined;
            }
        });
    }

    protected abstract run(...args: unknown[]): Promise<unknown>;

    dispose(): void {
        this.registration.dispose();
    }
}

/** The actor id from a tree item, a dashboard call or a plain string. */
export function actorIdFromArgument(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg;
    const candidate = arg as { actorId?: unknown } | undefined;
    return typeof candidate?.actorId === 'string' ? candidate.actorId : undefined;
}

export function fingerprintFromArgument(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg;
    const candidate = arg as { fingerprint?: unknown } | undefined;
    return typeof candidate?.fingerprint === 'string' ? candidate.fingerprint : undefined;
}
