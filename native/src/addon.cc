#include <napi.h>
// Placeholder until the kernels land.
static Napi::Object Init(Napi::Env env, Napi::Object exports) { return exports; }
NODE_API_MODULE(lungdesk_native, Init)
