// Marching cubes: the iso-surface of a scalar volume as a shared-vertex triangle mesh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lungdesk {

/// A triangle mesh: `vertices` and `normals` are (x, y, z) triples, `faces` index
/// triples into them.
struct TriangleMesh {
  std::vector<float> vertices;
  std::vector<float> normals;
  std::vector<uint32_t> faces;
};

/// Extract the iso-surface `value == level` of a volume with marching cubes.
///
/// Every cube of 8 neighbouring voxels whose corners lie on both sides of `level`
/// (a corner is "inside" when its value is > level) gets a patch of triangles whose
/// vertices sit on the cube edges that cross the level, placed by linear
/// interpolation. Vertices are shared through the edge they lie on, so the mesh is
/// watertight wherever the surface is closed inside the volume; it is open where the
/// surface leaves the volume (outside the volume is not padded).
///
/// Parameters
/// ----------
/// volume : const T*, shape (nz, ny, nx), x fastest, index `x + nx*(y + ny*z)`
///     T is float, int16_t or uint8_t; values are used as double. Never written.
/// nx, ny, nz : size_t
///     Dimensions; a dimension below 2 gives an empty mesh.
/// level : double
///     The iso-value (finite).
/// spacing : const double[3]
///     Voxel size (x, y, z); vertex coordinates are voxel indices times spacing.
///
/// Returns a TriangleMesh:
///   vertices: (x, y, z) in voxel units times spacing, float;
///   faces: triangles, counter-clockwise seen from outside, i.e. their right-hand normal
///     points towards decreasing values (out of a bright object on a dark background), so
///     the signed volume sum(v0 . (v1 x v2))/6 of a closed bright object is positive;
///   normals: per vertex, unit, the negated central-difference gradient (one-sided at the
///     volume border, divided by spacing) interpolated along the edge — pointing towards
///     decreasing values. Where that gradient vanishes, the normalised sum of the adjacent
///     triangles' area-weighted normals is used instead.
///
/// Ambiguous cube faces (two inside corners on one diagonal, two outside on the other)
/// are resolved by the asymptotic decider on that face's four values alone — the inside
/// corners are joined when the bilinear saddle lies above `level` — so the two cubes
/// sharing a face always cut it the same way and no cracks appear. Inside a cube, the
/// face segments are chained into closed loops and each loop is fanned into triangles.
/// The case table is built from these rules (not hand-written), per call.
///
/// Parallel over z slabs (std::thread, parallel.h) for large volumes; slab borders are merged so that
/// the result is identical to a single-slab run up to vertex numbering. No global state;
/// throws std::bad_alloc when out of memory.
///
/// Matches: `skimage.measure.marching_cubes(volume, level, spacing, gradient_direction=
/// 'descent')` of scikit-image 0.19.3 (Lewiner) in surface area, enclosed volume and
/// vertex positions (../shared/conformance/cases/marching_cubes, compare mode `mesh`),
/// with vertices in (x, y, z) instead of skimage's (z, y, x).
///
/// Departs: another (equally valid) triangulation than Lewiner's tables: vertex and face
/// counts and order differ; no `mask`, `step_size` or `values` output; no degenerate
/// triangle removal (as allow_degenerate=True).
template <typename T>
TriangleMesh marchingCubes(const T* volume, size_t nx, size_t ny, size_t nz, double level, const double spacing[3]);

}  // namespace lungdesk
