// Chart builders shared by the VS Code panel (webview) and the HTML report: metrics and summaries
// in, Chart.js 4 configuration objects out. Pure: no DOM, no vscode.
export * from './theme';
export * from './decimate';
export * from './series';
export * from './common';
export * from './overlaysPlugin';
export * from './runCharts';
export * from './histogramChart';
export * from './sweepAxis';
export * from './sweepChart';
export * from './overlayChart';
export * from './csv';
export * from './sweepView';
