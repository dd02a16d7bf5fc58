/** The parts of a `<lesson-stage>` element (markup in site/components/Stage.astro), found once. */
export interface StageDom {
  readonly root: HTMLElement;
  readonly runAll: HTMLButtonElement | null;
  readonly reset: HTMLButtonElement | null;
  readonly stepBack: HTMLButtonElement;
  readonly play: HTMLButtonElement;
  readonly playLabel: HTMLElement;
  readonly stepForward: HTMLButtonElement;
  readonly speed: HTMLSelectElement;
  readonly help: HTMLButtonElement;
  readonly tick: HTMLInputElement;
  readonly marks: SVGSVGElement;
  readonly readout: HTMLElement;
  readonly progress: HTMLElement;
  readonly progressText: HTMLElement;
  readonly cancel: HTMLButtonElement;
  readonly message: HTMLElement;
  readonly canvas: HTMLElement;
  readonly svg: SVGSVGElement;
  /** Shown instead of a drawing while the world has nothing in it. */
  readonly emptyNote: HTMLElement;
  /** What happened this tick, in words: shown every step. */
  readonly narration: HTMLElement;
  /** The same words for screen readers (a live region), spoken when the clock rests or moves slowly. */
  readonly announcer: HTMLElement;
  readonly apps: HTMLElement;
  readonly appList: HTMLElement;
  readonly brokers: HTMLElement;
  readonly brokerList: HTMLElement;
  readonly partitions: HTMLElement;
  readonly partitionBody: HTMLTableSectionElement;
  /** The compacted topics' tables (hidden when no drawn topic is compacted). */
  readonly compacted: HTMLElement;
  readonly compactedBody: HTMLTableSectionElement;
  readonly youRan: HTMLElement;
  readonly youRanList: HTMLElement;
  readonly tableBody: HTMLTableSectionElement;
  readonly tableEmpty: HTMLElement;
  readonly ledgers: HTMLElement;
  readonly ledgerButtons: HTMLElement;
  readonly ledgerText: HTMLElement;
  readonly helpDialog: HTMLDialogElement;
  readonly confirmDialog: HTMLDialogElement;
  readonly confirmText: HTMLElement;
}

/** Finds every part, or throws naming the one missing (a broken page, not a user error). */
export function findStageDom(root: HTMLElement): StageDom {
  const find = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`the stage markup has no ${selector}`);
    return found;
  };
  return {
    root,
    runAll: root.querySelector<HTMLButtonElement>('[data-action="run-all"]'),
    reset: root.querySelector<HTMLButtonElement>('[data-action="reset"]'),
    stepBack: find('[data-action="step-back"]'),
    play: find('[data-action="play"]'),
    playLabel: find('.play-label'),
    stepForward: find('[data-action="step-forward"]'),
    speed: find('[data-action="speed"]'),
    help: find('[data-action="help"]'),
    tick: find('.stage-tick'),
    marks: find('.stage-marks'),
    readout: find('.stage-tick-readout'),
    progress: find('.stage-progress'),
    progressText: find('.stage-progress-text'),
    cancel: find('[data-action="cancel"]'),
    message: find('.stage-message'),
    canvas: find('.stage-canvas'),
    svg: find('.stage-drawing'),
    emptyNote: find('.stage-empty'),
    narration: find('.stage-narration'),
    announcer: find('.stage-announcer'),
    apps: find('.stage-apps'),
    appList: find('.stage-apps .stage-app-list'),
    brokers: find('.stage-brokers'),
    brokerList: find('.stage-broker-list'),
    partitions: find('.stage-partitions'),
    partitionBody: find('.stage-partition-table tbody'),
    compacted: find('.stage-compacted'),
    compactedBody: find('.stage-compacted-table tbody'),
    youRan: find('.stage-you-ran'),
    youRanList: find('.stage-you-ran-list'),
    tableBody: find('.stage-table:not(.stage-partition-table):not(.stage-compacted-table) tbody'),
    tableEmpty: find('.stage-table-empty'),
    ledgers: find('.stage-ledgers'),
    ledgerButtons: find('.stage-ledger-buttons'),
    ledgerText: find('.stage-ledger-text'),
    helpDialog: find('.stage-help'),
    confirmDialog: find('.stage-confirm'),
    confirmText: find('#stage-confirm-text'),
  };
}
