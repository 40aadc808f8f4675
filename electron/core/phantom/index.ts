export {
  generateChestPhantom,
  defaultNodules,
  phantomLayout,
  lungScaleAt,
  lungPoint,
  pleuralPoint,
  lungContains,
  HU_AIR,
  HU_LUNG,
  HU_FAT,
  HU_SOFT,
  HU_BONE,
  HU_TABLE,
  HU_OUTSIDE_FOV,
} from './chest-phantom';
export type { PhantomSpec, PhantomNoduleSpec, PhantomResult, PhantomLayout, LungSide } from './chest-phantom';
export { createDemoDataset, demoScanPlans, DEMO_VERSION, DEMO_MANIFEST_NAME } from './demo-dataset';
export type { DemoManifest, DemoScanPlan } from './demo-dataset';
export { mulberry32, gaussianTable } from './prng';
export { generateNodulePhantom, DEFAULT_NODULE_PHANTOM_SPEC } from './nodule-phantom';
export type { NodulePhantomOptions, NodulePhantomResult, SyntheticNodule, SyntheticNoduleKind, SyntheticVessel } from './nodule-phantom';
