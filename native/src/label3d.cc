#include "label3d.h"

#include <algorithm>
#include <new>
#include <memory>
#include <vector>

#include "parallel.h"

namespace lungdesk {
namespace {

struct Offset {
  int dz, dy, dx;
};

// The neighbours that come before a voxel in raster order (dz, dy, dx lexicographically
// negative), filtered by the hop count. Looking only backwards is enough for a raster
// scan: every adjacency is seen once, from its later voxel.
int backwardOffsets(int connectivity, Offset out[13]) {
  int n = 0;
  for (int dz = -1; dz <= 0; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (dz == 0 && (dy > 0 || (dy == 0 && dx >= 0))) continue;
        const int hops = (dz != 0) + (dy != 0) + (dx != 0);
        if (hops <= connectivity) out[n++] = {dz, dy, dx};
      }
  return n;
}

inline int32_t findRoot(int32_t* parent, int32_t a) {
  while (parent[a] != a) {
    parent[a] = parent[parent[a]];  // path halving
    a = parent[a];
  }
  return a;
}

// The smaller label becomes the root, so a set's root is always its first provisional
// label, which was created at the set's first voxel in raster order. The final
// numbering relies on this.
inline int32_t unite(int32_t* parent, int32_t a, int32_t b) {
  a = findRoot(parent, a);
  b = findRoot(parent, b);
  if (a < b) {
    parent[b] = a;
    return a;
  }
  parent[a] = b;
  return b;
}

struct RowNeighbour {
  ptrdiff_t offset;  // index difference to the neighbour
  int dx;
};

// Whether a voxel that joined its left neighbour (x - 1) is already joined to the
// neighbour at `o`: true when o is also within the left voxel's own neighbourhood, so
// that voxel was compared with it (same value as both) when the left voxel was labelled.
bool coveredByLeft(const Offset& o, int connectivity) {
  const int dx = o.dx + 1;
  const int hops = (o.dz != 0) + (o.dy != 0) + (dx != 0);
  return dx <= 1 && hops <= connectivity;
}

// First pass over planes [z0, z1): provisional labels 1.. local to this slab, written
// into `labels`; neighbours in plane z0 - 1 are left for the boundary merge.
template <typename T>
void labelSlab(const T* in, size_t nx, size_t ny, size_t z0, size_t z1, const Offset* offs,
               int nOffs, int connectivity, int32_t* labels, std::vector<int32_t>& parent) {
  parent.assign(1, 0);
  const ptrdiff_t sx = static_cast<ptrdiff_t>(nx);
  const ptrdiff_t sxy = static_cast<ptrdiff_t>(nx * ny);
  // Neighbours other than the left one: all of them, and those a left match leaves to check.
  RowNeighbour all[13], afterLeft[13];
  for (size_t z = z0; z < z1; ++z) {
    for (size_t y = 0; y < ny; ++y) {
      int nAll = 0, nAfterLeft = 0;
      for (int k = 0; k < nOffs; ++k) {
        const Offset& o = offs[k];
        if (o.dz == 0 && o.dy == 0) continue;  // the left neighbour, handled first
        if (o.dz < 0 && z == z0) continue;
        const ptrdiff_t yy = static_cast<ptrdiff_t>(y) + o.dy;
        if (yy < 0 || yy >= static_cast<ptrdiff_t>(ny)) continue;
        const RowNeighbour r{o.dz * sxy + o.dy * sx + o.dx, o.dx};
        all[nAll++] = r;
        if (!coveredByLeft(o, connectivity)) afterLeft[nAfterLeft++] = r;
      }
      const size_t base = nx * (y + ny * z);
      for (size_t x = 0; x < nx; ++x) {
        const size_t p = base + x;
        const T v = in[p];
        if (v == 0) {
          labels[p] = 0;
          continue;
        }
        int32_t cur = 0;
        const RowNeighbour* list = all;
        int n = nAll;
        if (x > 0 && in[p - 1] == v) {
          cur = labels[p - 1];
          list = afterLeft;
          n = nAfterLeft;
        }
        for (int k = 0; k < n; ++k) {
          if (static_cast<size_t>(static_cast<ptrdiff_t>(x) + list[k].dx) >= nx) continue;
          const size_t q = static_cast<size_t>(static_cast<ptrdiff_t>(p) + list[k].offset);
          if (in[q] != v) continue;
          const int32_t l = labels[q];
          if (cur == 0)
            cur = l;
          else if (l != cur)
            cur = unite(parent.data(), cur, l);
        }
        if (cur == 0) {
          cur = static_cast<int32_t>(parent.size());
          parent.push_back(cur);
        }
        labels[p] = cur;
      }
    }
  }
}

// Below this many voxels the thread start-up costs more than it saves.
constexpr size_t kParallelMinVoxels = size_t{1} << 20;

}  // namespace

template <typename T>
int32_t label3d(const T* in, size_t nx, size_t ny, size_t nz, int connectivity,
                int32_t* labels) {
  const size_t n = nx * ny * nz;
  if (n == 0) return 0;
  Offset offs[13];
  const int nOffs = backwardOffsets(connectivity, offs);

  int nSlabs = 1;
  if (n >= kParallelMinVoxels) nSlabs = std::max(1, std::min(maxThreads(), static_cast<int>(nz)));
  std::vector<size_t> zStart(nSlabs + 1);
  for (int s = 0; s <= nSlabs; ++s) zStart[s] = nz * s / nSlabs;
  std::vector<std::vector<int32_t>> parents(nSlabs);

  // One slab per thread; a failed allocation in any is rethrown here once all have joined.
  parallelFor(0, nSlabs, nSlabs, [&](int64_t s, int) {
    labelSlab(in, nx, ny, zStart[s], zStart[s + 1], offs, nOffs, connectivity, labels, parents[s]);
  });

  // Concatenate the slabs' forests; slab order keeps provisional labels increasing in
  // raster order, so "root = smallest label = first voxel" still holds after merging.
  std::vector<int32_t> slabBase(nSlabs);
  size_t total = 0;
  for (int s = 0; s < nSlabs; ++s) {
    slabBase[s] = static_cast<int32_t>(total);
    total += parents[s].size() - 1;
  }
  std::vector<int32_t> parent;
  if (nSlabs == 1) {
    parent.swap(parents[0]);
  } else {
    parent.resize(total + 1);
    parent[0] = 0;
    for (int s = 0; s < nSlabs; ++s) {
      const int32_t b = slabBase[s];
      const std::vector<int32_t>& ps = parents[s];
      for (size_t i = 1; i < ps.size(); ++i) parent[b + i] = ps[i] + b;
      std::vector<int32_t>().swap(parents[s]);
    }
    // Merge across each slab boundary: plane z against plane z - 1.
    for (int s = 1; s < nSlabs; ++s) {
      const size_t z = zStart[s];
      const int32_t bHere = slabBase[s], bPrev = slabBase[s - 1];
      for (size_t y = 0; y < ny; ++y) {
        for (size_t x = 0; x < nx; ++x) {
          const size_t p = x + nx * (y + ny * z);
          const T v = in[p];
          if (v == 0) continue;
          const int32_t lp = labels[p] + bHere;
          for (int k = 0; k < nOffs; ++k) {
            const Offset& o = offs[k];
            if (o.dz == 0) continue;
            const ptrdiff_t yy = static_cast<ptrdiff_t>(y) + o.dy;
            const ptrdiff_t xx = static_cast<ptrdiff_t>(x) + o.dx;
            if (yy < 0 || yy >= static_cast<ptrdiff_t>(ny) || xx < 0 || xx >= static_cast<ptrdiff_t>(nx)) continue;
            const size_t q = static_cast<size_t>(xx) + nx * (static_cast<size_t>(yy) + ny * (z - 1));
            if (in[q] == v) unite(parent.data(), lp, labels[q] + bPrev);
          }
        }
      }
    }
  }

  // Final numbering in place: parent[i] <= i, and a root is met before the rest of
  // its set, so roots numbered in increasing order are numbered in raster order.
  int32_t count = 0;
  for (size_t i = 1; i <= total; ++i) parent[i] = parent[i] == static_cast<int32_t>(i) ? ++count : parent[parent[i]];

  const int32_t* finalLabel = parent.data();
  parallelFor(0, nSlabs, nSlabs, [&](int64_t s, int) {
    const int32_t* f = finalLabel + slabBase[s];
    const size_t end = nx * ny * zStart[s + 1];
    for (size_t p = nx * ny * zStart[s]; p < end; ++p) {
      const int32_t l = labels[p];
      if (l != 0) labels[p] = f[l];
    }
  });
  return count;
}

template <typename T>
int64_t largestComponent(const T* in, size_t nx, size_t ny, size_t nz, int connectivity,
                         uint8_t* out) {
  // label3d writes every element: no need to zero the buffer (that alone costs page faults).
  std::unique_ptr<int32_t[]> labels(new int32_t[nx * ny * nz]);
  return largestComponent(in, nx, ny, nz, connectivity, out, labels.get());
}

template <typename T>
int64_t largestComponent(const T* in, size_t nx, size_t ny, size_t nz, int connectivity,
                         uint8_t* out, int32_t* labels) {
  const size_t n = nx * ny * nz;
  const int32_t count = label3d(in, nx, ny, nz, connectivity, labels);
  std::vector<int64_t> sizes(static_cast<size_t>(count) + 1, 0);
  const long ln = static_cast<long>(n);
  if (count < (1 << 20)) {
    // Per-thread histograms, merged: counting is half the time of a large volume.
    const int threads = static_cast<int>(std::min<int64_t>(maxThreads(), std::max<int64_t>(ln, 1)));
    std::vector<std::vector<int64_t>> locals(static_cast<size_t>(threads));
    runOnThreads(threads, [&](int t) {
      std::vector<int64_t>& local = locals[static_cast<size_t>(t)];
      local.assign(static_cast<size_t>(count) + 1, 0);
      const int64_t lo = ln * t / threads, hi = ln * (t + 1) / threads;
      for (int64_t p = lo; p < hi; ++p) ++local[labels[p]];
    });
    for (const std::vector<int64_t>& local : locals)
      for (size_t l = 0; l < local.size(); ++l) sizes[l] += local[l];
  } else {
    for (size_t p = 0; p < n; ++p) ++sizes[labels[p]];
  }
  int32_t best = 0;
  int64_t bestSize = 0;
  for (int32_t l = 1; l <= count; ++l)
    if (sizes[l] > bestSize) {  // strict: ties keep the smaller label
      best = l;
      bestSize = sizes[l];
    }
  parallelFor(0, ln, maxThreads(), [&](int64_t p, int) { out[p] = best != 0 && labels[p] == best ? 1 : 0; });
  return bestSize;
}

#define LUNGDESK_INSTANTIATE(T)                                                              \
  template int32_t label3d<T>(const T*, size_t, size_t, size_t, int, int32_t*);              \
  template int64_t largestComponent<T>(const T*, size_t, size_t, size_t, int, uint8_t*);     \
  template int64_t largestComponent<T>(const T*, size_t, size_t, size_t, int, uint8_t*, int32_t*);
LUNGDESK_INSTANTIATE(int8_t)
LUNGDESK_INSTANTIATE(uint8_t)
LUNGDESK_INSTANTIATE(int16_t)
LUNGDESK_INSTANTIATE(uint16_t)
LUNGDESK_INSTANTIATE(int32_t)
LUNGDESK_INSTANTIATE(uint32_t)
#undef LUNGDESK_INSTANTIATE

}  // namespace lungdesk
