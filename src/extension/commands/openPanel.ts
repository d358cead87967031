// reglab.openPanel: opens (or reveals) the RegLab panel.
import type { RegLab } from '../reglab';

export function openPanel(reglab: RegLab): void {
  reglab.panel.show();
}
