/**
 * Whether the stage shows the cluster (broker boxes, replica lanes, broker controls, the
 * partitions table): more than one broker, or the one there is not up. Takes a scene, or the
 * world while its scene is being built: both list brokers with these fields.
 */
export function showsCluster(of: { readonly brokers: readonly { readonly status: string; readonly fenced: boolean }[] }): boolean {
  return of.brokers.length > 1 || of.brokers.some((b) => b.status !== 'running' || b.fenced);
}
