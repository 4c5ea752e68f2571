// extension/auth/token-destination.ts: the token reaches a client only in a trusted workspace
// and only for api.apify.com or a host the user confirmed in the modal (remembered per origin).
import { describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import {
    RESTRICTED_MODE_MESSAGE,
    ScriptedModal,
    TokenDestination,
    TokenUseRefusedError,
    confirmButtonFor,
} from '../../extension/auth/token-destination.js';

const TOKEN = 'apify_api_destination_canary_0123456789';

class MemoryMemento implements vscode.Memento {
    private readonly values = new Map<string, unknown>();
    keys(): readonly string[] {
        return [...this.values.keys()];
    }
    get<T>(key: string, defaultValue?: T): T {
        return (this.values.has(key) ? this.values.get(key) : defaultValue) as T;
    }
    update(key: string, value: unknown): Thenable<void> {
        if (value === undefined) this.values.delete(key);
        else this.values.set(key, value);
        return Promise.resolve();
    }
}

function makeDestination(isTrusted = true) {
    const modal = new ScriptedModal();
    const memento = new MemoryMemento();
    const trust = { isTrusted, onDidGrantWorkspaceTrust: () => ({ dispose: () => undefined }) };
    return { modal, memento, destination: new TokenDestination(memento, trust, modal.ask) };
}

describe('token-destination', () => {
    it('gives the default Apify API a client without asking', async () => {
        const { modal, destination } = makeDestination();
        await expect(destination.createClient(TOKEN, 'https://api.apify.com')).resolves.toBeDefined();
        expect(modal.questions).toEqual([]);
    });

    it('asks once per host in a modal that names it, and remembers a yes', async () => {
        const { modal, memento, destination } = makeDestination();
        const url = 'https://proxy.example.com:8443/api';
        modal.queueAnswer(confirmButtonFor(url));
        await destination.createClient(TOKEN, url);
        await destination.createClient(TOKEN, 'https://proxy.example.com:8443/other-path');
        expect(modal.questions).toHaveLength(1);
        expect(modal.questions[0]?.message).toContain('proxy.example.com:8443');
        expect(modal.questions[0]?.items).toEqual(['Send token to proxy.example.com:8443']);
        expect(memento.get('apifyFleet.confirmedApiOrigins')).toEqual(['https://proxy.example.com:8443']);
        expect(JSON.stringify(modal.questions)).not.toContain(TOKEN);
    });

    it('refuses a host the user did not confirm (closed modal), and asks again next time', async () => {
        const { modal, destination } = makeDestination();
        const url = 'http://127.0.0.1:4567';
        await expect(destination.createClient(TOKEN, url)).rejects.toThrow(TokenUseRefusedError);
        await expect(destination.createClient(TOKEN, url)).rejects.toThrow(/not sent to 127\.0\.0\.1:4567/);
        expect(modal.questions).toHaveLength(2);
        expect(destination.isConfirmed(url)).toBe(false);
    });

    it('a confirmation of one host is not one of another port or host', async () => {
        const { modal, destination } = makeDestination();
        modal.queueAnswer(confirmButtonFor('http://127.0.0.1:4567'));
        await destination.createClient(TOKEN, 'http://127.0.0.1:4567');
        expect(destination.isConfirmed('http://127.0.0.1:4568')).toBe(false);
        expect(destination.isConfirmed('http://localhost:4567')).toBe(false);
    });

    it('background work (mayAsk: false) never opens the modal and is refused for an unconfirmed host', async () => {
        const { modal, destination } = makeDestination();
        await expect(
            destination.createClient(TOKEN, 'https://proxy.example.com', { mayAsk: false }),
        ).rejects.toMatchObject({ reason: 'host-not-confirmed' });
        expect(modal.questions).toEqual([]);
        await expect(
            destination.createClient(TOKEN, 'https://api.apify.com', { mayAsk: false }),
        ).resolves.toBeDefined();
    });

    it('parallel calls share one modal', async () => {
        const { modal, destination } = makeDestination();
        const url = 'https://proxy.example.com';
        modal.queueAnswer(confirmButtonFor(url));
        await Promise.all([destination.createClient(TOKEN, url), destination.createClient(TOKEN, url)]);
        expect(modal.questions).toHaveLength(1);
    });

    it('sends nothing from an untrusted workspace, not even to api.apify.com, and does not ask', async () => {
        const { modal, destination } = makeDestination(false);
        await expect(destination.createClient(TOKEN, 'https://api.apify.com')).rejects.toThrow(RESTRICTED_MODE_MESSAGE);
        expect(modal.questions).toEqual([]);
    });
});
