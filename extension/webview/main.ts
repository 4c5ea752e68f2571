/**
 * The dashboard webview's entry point (bundled to dist/webview/webview.js, IIFE). It registers
 * only the @vscode-elements components it uses, adopts the app's stylesheet (constructable, so
 * the strict CSP needs no 'unsafe-inline'), and starts the app, which opens the ready handshake.
 */
// Must stay the first import (see zod-config.ts).
import './zod-config.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { DashboardApp } from './app.js';
import styles from './styles.css';
import { createVsCodeTransport } from './transport.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(styles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const root = document.getElementById('app');
if (root) new DashboardApp(root, createVsCodeTransport()).start();
