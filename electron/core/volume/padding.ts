/**
 * Voxels that hold no measurement: the slots of a series' missing slices, and the area
 * outside the reconstruction circle (the field of view).
 *
 * PADDING_HU fills a missing slice. −2000 is the value the DSB2017 tutorial (and LIDC's
 * PixelPaddingValue) uses to mark outside-the-field pixels in the stored data, and it lies
 * below anything a CT measures (air is −1000; scanners' ranges start at −1024), so a padded
 * slot never passes for air or tissue, renders black in every window, and is left out of the
 * histogram by its value as well as by its slot. (The intercept, where the tutorial's rule
 * puts outside-the-field pixels in HU, would be −1024: indistinguishable from air in the
 * body.) Pipelines that segment the lungs do not see it: they bridge missing slots first
 * (`bridgeMissingSlices`), because a slice of padding would join the lungs to the air outside
 * the body (any fill below the air threshold) or cut them in two (any fill above it).
 *
 * OUTSIDE_FIELD_BELOW_HU: voxels below it are outside the field of view whatever wrote them
 * (converters write −2000, −2048 or −3024 there; LUNA16's .mhd files hold −3024): no tissue,
 * and no air inside the body, measures more than a few tens of HU below −1000.
 */
export const PADDING_HU = -2000;
export const OUTSIDE_FIELD_BELOW_HU = -1500;
