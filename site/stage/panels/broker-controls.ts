/**
 * The crash, stop and restart buttons of each broker, shown once the stage draws the cluster.
 * Each issues the `sim broker` command a cell would, so what the reader did is recorded and
 * reproducible, and rendered by the consumer applications' list (app-controls.ts).
 */
import { showsCluster } from '../cluster.ts';
import type { Scene, SceneBroker } from '../protocol.ts';
import type { AppAction, AppControl } from './app-controls.ts';

function statusOf(b: SceneBroker): string {
  switch (b.status) {
    case 'crashed':
      return b.fenced ? 'down (crashed, fenced)' : 'down (crashed; the controller has not noticed yet)';
    case 'stopped':
      return 'down (stopped)';
    case 'starting':
      return 'restarting: waits for its old session to time out';
    case 'running':
      return `${b.slow ? 'up, slow' : 'up'}${b.leads > 0 ? `, leads ${b.leads} partition${b.leads === 1 ? '' : 's'}` : ''}`;
  }
}

/** What each broker can be told to do now: a running one can crash or stop, a down one restart. */
export function brokerControls(scene: Scene): AppControl[] {
  if (!showsCluster(scene)) return [];
  return scene.brokers.map((b) => {
    const actions: AppAction[] =
      b.status === 'running'
        ? [
            { label: 'Crash', command: `sim broker crash ${b.id}` },
            { label: 'Stop', command: `sim broker stop ${b.id}` },
          ]
        : b.status === 'starting'
          ? []
          : [{ label: 'Restart', command: `sim broker restart ${b.id}` }];
    return { name: `broker ${b.id}`, group: '', status: statusOf(b), actions };
  });
}
