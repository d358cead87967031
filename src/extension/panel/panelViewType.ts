// The panel's view type: the id VS Code uses to restore it (onWebviewPanel:reglab.panel).
export const PANEL_VIEW_TYPE = 'reglab.panel';
