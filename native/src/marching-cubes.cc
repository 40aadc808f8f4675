// Marching cubes with a generated, crack-free case table: see marching-cubes.h.
#include "marching-cubes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "parallel.h"


namespace lungdesk {
namespace {

// Corner c of a cube is the bit pattern dx | dy << 1 | dz << 2. Edge e = axis*4 + k joins
// the corner with bit `axis` clear to the one with it set; k packs the other two bits
// (lower axis first).
constexpr int kMaxTriangles = 16;

int edgeBetween(int c0, int c1) {
  const int diff = c0 ^ c1;
  const int axis = diff == 1 ? 0 : diff == 2 ? 1 : 2;
  const int base = c0 & c1;
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const int lo = u < v ? u : v, hi = u < v ? v : u;
  return axis * 4 + ((base >> lo) & 1) + 2 * ((base >> hi) & 1);
}

void edgeCorners(int e, int& c0, int& c1) {
  const int axis = e / 4, k = e % 4;
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const int lo = u < v ? u : v, hi = u < v ? v : u;
  c0 = ((k & 1) << lo) | (((k >> 1) & 1) << hi);
  c1 = c0 | (1 << axis);
}

std::array<double, 3> cornerPos(int c) { return {double(c & 1), double((c >> 1) & 1), double((c >> 2) & 1)}; }

std::array<double, 3> edgeMid(int e) {
  int c0, c1;
  edgeCorners(e, c0, c1);
  auto p = cornerPos(c0), q = cornerPos(c1);
  return {(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2};
}

// Face f = axis*2 + side; its corners in cyclic order around the face.
std::array<int, 4> faceCorners(int f) {
  const int axis = f / 2, side = f % 2;
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const int bu[4] = {0, 1, 1, 0}, bv[4] = {0, 0, 1, 1};
  std::array<int, 4> out{};
  for (int i = 0; i < 4; ++i) out[i] = (side << axis) | (bu[i] << u) | (bv[i] << v);
  return out;
}

struct CaseEntry {
  int8_t count = 0;                      // triangles
  int8_t edges[kMaxTriangles * 3] = {};  // per triangle vertex: local edge 0..11, or 12 + c = centre c
  int8_t centres = 0;                    // loops fanned around an extra centre vertex
  int8_t centreLoop[4][13] = {};         // per centre: loop length, then its edges
};

// Table indexed by config | joined << 8: config bit c set = corner c inside (> level);
// joined bit f set = on ambiguous face f the inside corners are connected.
struct CaseTable {
  std::vector<CaseEntry> entries;
  uint8_t ambiguousFaces[256] = {};
};

// Bit f set when edge e lies on face f (every edge lies on two faces).
int facesOfEdge(int e) {
  int c0, c1;
  edgeCorners(e, c0, c1);
  int mask = 0;
  for (int f = 0; f < 6; ++f) {
    const int axis = f / 2, side = f % 2;
    if (((c0 >> axis) & 1) == side && ((c1 >> axis) & 1) == side) mask |= 1 << f;
  }
  return mask;
}

// Triangulates one loop of edge vertices (counter-clockwise seen from outside) with the
// cheapest set of diagonals (polygon DP): a diagonal between two vertices on the same
// cube face would lie in that face, where the neighbouring cube may draw it too (a
// doubled fin, 4 triangles on one edge), so it costs far more than any length; among
// the rest the shortest total length wins (better-shaped triangles).
void triangulateLoop(const int* loop, int n, CaseEntry& out) {
  double cost[12][12] = {};
  int split[12][12] = {};
  auto diag = [&](int i, int j) {
    if (j == i + 1 || (i == 0 && j == n - 1)) return 0.0;
    const int a = loop[i], b = loop[j];
    auto p = edgeMid(a), q = edgeMid(b);
    const double len = std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    return ((facesOfEdge(a) & facesOfEdge(b)) ? 1000.0 : 0.0) + len;
  };
  // A loop that cannot avoid such a chord (it crosses one face twice) is fanned around an
  // extra vertex at the mean of its vertices instead: rare, and never on a shared face.
  const auto fanAroundCentre = [&]() {
    const int c = out.centres++;
    out.centreLoop[c][0] = static_cast<int8_t>(n);
    for (int i = 0; i < n; ++i) out.centreLoop[c][1 + i] = static_cast<int8_t>(loop[i]);
    for (int i = 0; i < n; ++i) {
      int8_t* t = out.edges + 3 * out.count++;
      t[0] = static_cast<int8_t>(12 + c);
      t[1] = static_cast<int8_t>(loop[i]);
      t[2] = static_cast<int8_t>(loop[(i + 1) % n]);
    }
  };
  for (int gap = 2; gap < n; ++gap)
    for (int i = 0; i + gap < n; ++i) {
      const int j = i + gap;
      cost[i][j] = 1e300;
      for (int k = i + 1; k < j; ++k) {
        const double c = cost[i][k] + cost[k][j] + diag(i, k) + diag(k, j);
        if (c < cost[i][j]) cost[i][j] = c, split[i][j] = k;
      }
    }
  if (n > 3 && cost[0][n - 1] >= 1000.0) {
    fanAroundCentre();
    return;
  }
  // Emit (i, k, j) keeping the loop's orientation.
  int stack[24][2], top = 0;
  stack[top][0] = 0, stack[top][1] = n - 1, ++top;
  while (top > 0) {
    --top;
    const int i = stack[top][0], j = stack[top][1];
    if (j - i < 2) continue;
    const int k = split[i][j];
    int8_t* t = out.edges + 3 * out.count++;
    t[0] = static_cast<int8_t>(loop[i]);
    t[1] = static_cast<int8_t>(loop[k]);
    t[2] = static_cast<int8_t>(loop[j]);
    stack[top][0] = i, stack[top][1] = k, ++top;
    stack[top][0] = k, stack[top][1] = j, ++top;
  }
}

void buildCase(int config, int joined, CaseEntry& out) {
  int next[12];
  for (int& n : next) n = -1;
  for (int f = 0; f < 6; ++f) {
    const auto c = faceCorners(f);
    bool in[4];
    for (int i = 0; i < 4; ++i) in[i] = (config >> c[i]) & 1;
    int crossings = 0;
    for (int i = 0; i < 4; ++i) crossings += in[i] != in[(i + 1) % 4];
    if (crossings == 0) continue;
    // Segments on this face, each given by the corner it cuts off (or, for a straight
    // cut, any corner) and its two edges.
    struct Seg { int corner, e0, e1; };
    Seg segs[2];
    int nseg = 0;
    auto cutCorner = [&](int i) {
      segs[nseg++] = {c[i], edgeBetween(c[(i + 3) % 4], c[i]), edgeBetween(c[i], c[(i + 1) % 4])};
    };
    if (crossings == 2) {
      int a = -1, b = -1;
      for (int i = 0; i < 4; ++i)
        if (in[i] != in[(i + 1) % 4]) (a < 0 ? a : b) = i;
      segs[nseg++] = {c[a], edgeBetween(c[a], c[(a + 1) % 4]), edgeBetween(c[b], c[(b + 1) % 4])};
    } else {
      const bool join = (joined >> f) & 1;
      for (int i = 0; i < 4; ++i)
        if (in[i] != join) cutCorner(i);  // joined: cut off the outside corners
    }
    const int axis = f / 2;
    double n[3] = {0, 0, 0};
    n[axis] = (f % 2) ? 1.0 : -1.0;
    for (int s = 0; s < nseg; ++s) {
      auto p = edgeMid(segs[s].e0), q = edgeMid(segs[s].e1), k = cornerPos(segs[s].corner);
      const double d[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]};
      const double r[3] = {k[0] - p[0], k[1] - p[1], k[2] - p[2]};
      const double cr[3] = {d[1] * r[2] - d[2] * r[1], d[2] * r[0] - d[0] * r[2], d[0] * r[1] - d[1] * r[0]};
      const double side = cr[0] * n[0] + cr[1] * n[1] + cr[2] * n[2];
      const bool cornerIn = (config >> segs[s].corner) & 1;
      // Orient so that, seen from outside the cube, the inside lies to the right of p -> q;
      // chained around the cube this makes loops counter-clockwise seen from the outside
      // of the object.
      if ((side < 0) == cornerIn) next[segs[s].e0] = segs[s].e1;
      else next[segs[s].e1] = segs[s].e0;
    }
  }
  bool used[12] = {};
  out.count = 0;
  for (int start = 0; start < 12; ++start) {
    if (next[start] < 0 || used[start]) continue;
    int loop[12], len = 0;
    for (int e = start; !used[e]; e = next[e]) {
      used[e] = true;
      loop[len++] = e;
    }
    triangulateLoop(loop, len, out);
  }
}

CaseTable buildTable() {
  CaseTable t;
  t.entries.resize(256 * 64);
  for (int config = 0; config < 256; ++config) {
    uint8_t amb = 0;
    for (int f = 0; f < 6; ++f) {
      const auto c = faceCorners(f);
      int crossings = 0;
      for (int i = 0; i < 4; ++i) crossings += ((config >> c[i]) & 1) != ((config >> c[(i + 1) % 4]) & 1);
      if (crossings == 4) amb |= uint8_t(1u << f);
    }
    t.ambiguousFaces[config] = amb;
    for (int joined = 0; joined < 64; ++joined)
      if ((joined & ~amb) == 0) buildCase(config, joined, t.entries[config | (joined << 8)]);
  }
  return t;
}

struct Slab {
  std::vector<float> vertices, normals;
  std::vector<uint32_t> faces;
  // Local vertex of each x/y edge of the slab's bottom and top planes (-1: none).
  std::vector<int32_t> bottom[2], top[2];
};

template <typename T>
struct Extractor {
  const T* vol;
  size_t nx, ny, nz, plane;
  double level;
  double sp[3];
  const CaseTable* table;

  double at(size_t x, size_t y, size_t z) const { return static_cast<double>(vol[x + nx * y + plane * z]); }

  // Gradient of the volume at a voxel, per mm; central differences, one-sided at the border.
  void gradient(size_t x, size_t y, size_t z, double g[3]) const {
    const size_t p[3] = {x, y, z}, n[3] = {nx, ny, nz};
    for (int a = 0; a < 3; ++a) {
      size_t lo[3] = {x, y, z}, hi[3] = {x, y, z};
      if (p[a] > 0) lo[a] = p[a] - 1;
      if (p[a] + 1 < n[a]) hi[a] = p[a] + 1;
      const double span = static_cast<double>(hi[a] - lo[a]);
      g[a] = span > 0 ? (at(hi[0], hi[1], hi[2]) - at(lo[0], lo[1], lo[2])) / (span * sp[a]) : 0.0;
    }
  }

  // Vertex on the grid edge from voxel (x, y, z) along axis.
  uint32_t makeVertex(Slab& s, size_t x, size_t y, size_t z, int axis) const {
    size_t x1 = x, y1 = y, z1 = z;
    (axis == 0 ? x1 : axis == 1 ? y1 : z1) += 1;
    const double va = at(x, y, z) - level, vb = at(x1, y1, z1) - level;
    const double t = va / (va - vb);  // the corners straddle the level, so va != vb
    const double pa[3] = {double(x), double(y), double(z)};
    const uint32_t id = static_cast<uint32_t>(s.vertices.size() / 3);
    for (int a = 0; a < 3; ++a) s.vertices.push_back(static_cast<float>((pa[a] + (a == axis ? t : 0.0)) * sp[a]));
    double ga[3], gb[3];
    gradient(x, y, z, ga);
    gradient(x1, y1, z1, gb);
    double n[3], len = 0;
    for (int a = 0; a < 3; ++a) {
      n[a] = -((1 - t) * ga[a] + t * gb[a]);  // descent: towards decreasing values
      len += n[a] * n[a];
    }
    len = std::sqrt(len);
    for (int a = 0; a < 3; ++a) s.normals.push_back(len > 0 ? static_cast<float>(n[a] / len) : 0.0f);
    return id;
  }

  // The extra vertex of a loop fanned around its centre: the mean of the loop's vertex
  // positions and normals. The loop's edge vertices are made first if needed.
  uint32_t makeCentre(Slab& s, const int8_t* loop, size_t x, size_t y, size_t z, std::vector<int32_t>* lo,
                      std::vector<int32_t>* hi, std::vector<int32_t>& ze) const {
    double p[3] = {0, 0, 0}, n[3] = {0, 0, 0};
    const int len = loop[0];
    for (int i = 0; i < len; ++i) {
      int c0, c1;
      const int e = loop[1 + i];
      edgeCorners(e, c0, c1);
      const size_t ex = x + (c0 & 1), ey = y + ((c0 >> 1) & 1), dz = (c0 >> 2) & 1;
      const int axis = e / 4;
      int32_t* slot = axis == 2 ? &ze[ex + nx * ey] : &(dz ? hi : lo)[axis][ex + nx * ey];
      if (*slot < 0) *slot = static_cast<int32_t>(makeVertex(s, ex, ey, z + dz, axis));
      for (int a = 0; a < 3; ++a) {
        p[a] += s.vertices[3 * static_cast<size_t>(*slot) + a];
        n[a] += s.normals[3 * static_cast<size_t>(*slot) + a];
      }
    }
    const uint32_t id = static_cast<uint32_t>(s.vertices.size() / 3);
    const double len3 = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    for (int a = 0; a < 3; ++a) {
      s.vertices.push_back(static_cast<float>(p[a] / len));
      s.normals.push_back(len3 > 0 ? static_cast<float>(n[a] / len3) : 0.0f);
    }
    return id;
  }

  void run(size_t z0, size_t z1, Slab& s) const {
    // Rolling edge -> vertex maps: x and y edges of the cube layer's lower and upper
    // planes, and the z edges between them.
    std::vector<int32_t> xy[2][2];
    for (auto& pl : xy)
      for (auto& a : pl) a.assign(plane, -1);
    std::vector<int32_t> ze(plane, -1);
    std::vector<uint8_t> inside[2] = {std::vector<uint8_t>(plane), std::vector<uint8_t>(plane)};
    auto fillInside = [&](std::vector<uint8_t>& dst, size_t z) {
      const T* p = vol + plane * z;
      for (size_t i = 0; i < plane; ++i) dst[i] = static_cast<double>(p[i]) > level ? 1 : 0;
    };
    int lower = 0;
    fillInside(inside[lower], z0);
    for (size_t z = z0; z < z1; ++z) {
      const int upper = 1 - lower;
      fillInside(inside[upper], z + 1);
      std::fill(ze.begin(), ze.end(), -1);
      for (auto& a : xy[upper]) std::fill(a.begin(), a.end(), -1);
      const uint8_t* in0 = inside[lower].data();
      const uint8_t* in1 = inside[upper].data();
      for (size_t y = 0; y + 1 < ny; ++y) {
        for (size_t x = 0; x + 1 < nx; ++x) {
          const size_t i = x + nx * y;
          const int config = in0[i] | in0[i + 1] << 1 | in0[i + nx] << 2 | in0[i + nx + 1] << 3 | in1[i] << 4 |
                             in1[i + 1] << 5 | in1[i + nx] << 6 | in1[i + nx + 1] << 7;
          if (config == 0 || config == 255) continue;
          int joined = 0;
          if (uint8_t amb = table->ambiguousFaces[config]) {
            double v[8];
            for (int c = 0; c < 8; ++c) v[c] = at(x + (c & 1), y + ((c >> 1) & 1), z + ((c >> 2) & 1)) - level;
            for (int f = 0; f < 6; ++f) {
              if (!((amb >> f) & 1)) continue;
              const auto fc = faceCorners(f);
              // Diagonal pairs (0,2) and (1,3); the product is the same in both cubes that
              // share the face, so both make the same choice.
              const bool firstIn = (config >> fc[0]) & 1;
              const double pIn = firstIn ? v[fc[0]] * v[fc[2]] : v[fc[1]] * v[fc[3]];
              const double pOut = firstIn ? v[fc[1]] * v[fc[3]] : v[fc[0]] * v[fc[2]];
              if (pIn > pOut) joined |= 1 << f;
            }
          }
          const CaseEntry& ce = table->entries[config | (joined << 8)];
          uint32_t local[16];
          bool have[16] = {};
          for (int k = 0; k < ce.count * 3; ++k) {
            const int e = ce.edges[k];
            if (e >= 12 && !have[e]) {
              local[e] = makeCentre(s, ce.centreLoop[e - 12], x, y, z, xy[lower], xy[upper], ze);
              have[e] = true;
            }
            if (!have[e]) {
              int c0, c1;
              edgeCorners(e, c0, c1);
              const size_t ex = x + (c0 & 1), ey = y + ((c0 >> 1) & 1), dz = (c0 >> 2) & 1;
              const int axis = e / 4;
              int32_t* slot = axis == 2 ? &ze[ex + nx * ey] : &xy[dz ? upper : lower][axis][ex + nx * ey];
              if (*slot < 0) *slot = static_cast<int32_t>(makeVertex(s, ex, ey, z + dz, axis));
              local[e] = static_cast<uint32_t>(*slot);
              have[e] = true;
            }
            s.faces.push_back(local[e]);
          }
        }
      }
      if (z == z0) {
        s.bottom[0] = xy[lower][0];
        s.bottom[1] = xy[lower][1];
      }
      if (z + 1 == z1) {
        s.top[0] = xy[upper][0];
        s.top[1] = xy[upper][1];
      }
      lower = upper;
    }
  }
};

// Where the gradient vanished, use the adjacent triangles' area-weighted normals.
void fixNormals(TriangleMesh& m) {
  const size_t nv = m.vertices.size() / 3;
  std::vector<uint8_t> bad(nv, 0);
  bool any = false;
  for (size_t v = 0; v < nv; ++v)
    if (m.normals[3 * v] == 0 && m.normals[3 * v + 1] == 0 && m.normals[3 * v + 2] == 0) bad[v] = 1, any = true;
  if (!any) return;
  std::vector<double> acc(3 * nv, 0.0);
  for (size_t f = 0; f + 2 < m.faces.size(); f += 3) {
    const uint32_t a = m.faces[f], b = m.faces[f + 1], c = m.faces[f + 2];
    if (!bad[a] && !bad[b] && !bad[c]) continue;
    double e1[3], e2[3];
    for (int k = 0; k < 3; ++k) {
      e1[k] = double(m.vertices[3 * b + k]) - m.vertices[3 * a + k];
      e2[k] = double(m.vertices[3 * c + k]) - m.vertices[3 * a + k];
    }
    const double n[3] = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]};
    for (uint32_t v : {a, b, c})
      if (bad[v])
        for (int k = 0; k < 3; ++k) acc[3 * v + k] += n[k];
  }
  for (size_t v = 0; v < nv; ++v) {
    if (!bad[v]) continue;
    const double len = std::sqrt(acc[3 * v] * acc[3 * v] + acc[3 * v + 1] * acc[3 * v + 1] + acc[3 * v + 2] * acc[3 * v + 2]);
    for (int k = 0; k < 3; ++k) m.normals[3 * v + k] = len > 0 ? static_cast<float>(acc[3 * v + k] / len) : 0.0f;
  }
}

}  // namespace

template <typename T>
TriangleMesh marchingCubes(const T* volume, size_t nx, size_t ny, size_t nz, double level, const double spacing[3]) {
  TriangleMesh mesh;
  if (nx < 2 || ny < 2 || nz < 2) return mesh;
  const CaseTable table = buildTable();
  Extractor<T> ex{volume, nx, ny, nz, nx * ny, level, {spacing[0], spacing[1], spacing[2]}, &table};
  const size_t layers = nz - 1;
  int slabs = 1;
  // Small volumes are not worth the merge; big ones get a few slabs per thread.
  const int threads = maxThreads();
  if (threads > 1 && nx * ny * nz >= (size_t(1) << 21)) slabs = threads * 4;
  if (static_cast<size_t>(slabs) > layers) slabs = static_cast<int>(layers);
  std::vector<Slab> parts(static_cast<size_t>(slabs));
  parallelForDynamic(0, slabs, 1, slabs > 1 ? threads : 1, [&](int64_t k, int) {
    const size_t z0 = layers * static_cast<size_t>(k) / slabs, z1 = layers * static_cast<size_t>(k + 1) / slabs;
    ex.run(z0, z1, parts[static_cast<size_t>(k)]);
  });
  // Merge: a slab's bottom-plane vertices are the previous slab's top-plane vertices.
  size_t totalV = 0, totalF = 0;
  for (auto& p : parts) totalV += p.vertices.size(), totalF += p.faces.size();
  mesh.vertices.reserve(totalV);
  mesh.normals.reserve(totalV);
  mesh.faces.reserve(totalF);
  std::vector<int32_t> prevTop[2];
  for (size_t k = 0; k < parts.size(); ++k) {
    Slab& s = parts[k];
    const size_t nv = s.vertices.size() / 3;
    std::vector<uint32_t> remap(nv, UINT32_MAX);
    if (k > 0)
      for (int a = 0; a < 2; ++a)
        for (size_t i = 0; i < ex.plane; ++i)
          if (s.bottom[a][i] >= 0 && prevTop[a][i] >= 0) remap[static_cast<size_t>(s.bottom[a][i])] = static_cast<uint32_t>(prevTop[a][i]);
    for (size_t v = 0; v < nv; ++v) {
      if (remap[v] != UINT32_MAX) continue;
      remap[v] = static_cast<uint32_t>(mesh.vertices.size() / 3);
      mesh.vertices.insert(mesh.vertices.end(), s.vertices.begin() + 3 * v, s.vertices.begin() + 3 * v + 3);
      mesh.normals.insert(mesh.normals.end(), s.normals.begin() + 3 * v, s.normals.begin() + 3 * v + 3);
    }
    for (uint32_t f : s.faces) mesh.faces.push_back(remap[f]);
    for (int a = 0; a < 2; ++a) {
      prevTop[a] = std::move(s.top[a]);
      for (auto& id : prevTop[a])
        if (id >= 0) id = static_cast<int32_t>(remap[static_cast<size_t>(id)]);
    }
    s = Slab();
  }
  fixNormals(mesh);
  return mesh;
}

template TriangleMesh marchingCubes<float>(const float*, size_t, size_t, size_t, double, const double[3]);
template TriangleMesh marchingCubes<int16_t>(const int16_t*, size_t, size_t, size_t, double, const double[3]);
template TriangleMesh marchingCubes<uint8_t>(const uint8_t*, size_t, size_t, size_t, double, const double[3]);

}  // namespace lungdesk
