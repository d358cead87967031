// Entry of the RegLab panel's webview (bundled to dist/webview/webview.js + webview.css).
import './webview.css';
import { App } from './app';
import { Host } from './vscodeApi';

const root = document.getElementById('app') ?? document.body;
const app = new App(new Host(), root);
// Exposed for the browser tests and the benchmark (harmless inside VS Code).
(window as unknown as { reglabPanel: App }).reglabPanel = app;
