/** Whether the stage shows the cluster (broker boxes, replica lanes, broker controls, the partitions table): more than one broker, or the one there is not up. */
import type { Scene } from './protocol.ts';

export function showsCluster(scene: Scene): boolean {
  return scene.brokers.length > 1 || scene.brokers.some((b) => b.status !== 'running' || b.fenced);
}
