// Parallel loops on std::thread, so the addon ships no OpenMP runtime (libgomp, vcomp,
// libomp) and builds the same with GCC, clang and MSVC.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace lungdesk {

/// Threads a parallel loop may use: the machine's hardware threads, at least 1.
inline int maxThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

/// Runs body(t) for t in [0, threads), t = 0 on the calling thread, and waits for all.
/// The first exception a body throws is rethrown here after every thread has joined; a
/// thread that cannot be started runs its share on the calling thread instead.
template <class F>
void runOnThreads(int threads, F&& body) {
  if (threads <= 1) {
    body(0);
    return;
  }
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto guarded = [&](int t) {
    try {
      body(t);
    } catch (...) {
      errors[static_cast<size_t>(t)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  std::vector<int> deferred;
  pool.reserve(static_cast<size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(guarded, t);
    } catch (...) {
      deferred.push_back(t);
    }
  }
  guarded(0);
  for (int t : deferred) guarded(t);
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

/// fn(i, thread) for every i in [begin, end): thread t takes the t-th contiguous block
/// (OpenMP's schedule(static)). Runs inline when threads <= 1 or the range is tiny.
template <class F>
void parallelFor(int64_t begin, int64_t end, int threads, F&& fn) {
  const int64_t len = end - begin;
  if (len <= 0) return;
  const int n = static_cast<int>(std::min<int64_t>(std::max(threads, 1), len));
  runOnThreads(n, [&](int t) {
    const int64_t lo = begin + len * t / n, hi = begin + len * (t + 1) / n;
    for (int64_t i = lo; i < hi; ++i) fn(i, t);
  });
}

/// fn(i, thread) for every i in [begin, end), `chunk` consecutive indices at a time to
/// whichever thread is free (OpenMP's schedule(dynamic, chunk)): for uneven iterations.
template <class F>
void parallelForDynamic(int64_t begin, int64_t end, int64_t chunk, int threads, F&& fn) {
  const int64_t len = end - begin;
  if (len <= 0) return;
  chunk = std::max<int64_t>(chunk, 1);
  const int n = static_cast<int>(std::min<int64_t>(std::max(threads, 1), (len + chunk - 1) / chunk));
  std::atomic<int64_t> next(begin);
  runOnThreads(n, [&](int t) {
    for (;;) {
      const int64_t lo = next.fetch_add(chunk);
      if (lo >= end) return;
      const int64_t hi = std::min(lo + chunk, end);
      for (int64_t i = lo; i < hi; ++i) fn(i, t);
    }
  });
}

}  // namespace lungdesk
