export { ThreePane, type ThreePaneProps } from './three-pane';
export { useThreeDKeys } from './use-three-d-keys';
export type { SlicePositions } from './model/clip-plane';
export { THREE_D_COMMANDS, THREE_D_GLOBAL_COMMANDS, type ThreeDAction } from './model/three-d-keys';
