/**
 * Makes the GPU initialise a 3D texture now: one point drawn into a 1×1 framebuffer of the
 * texture's own context, sampling it. ANGLE clears a texture that no single upload has
 * covered before its first use in a draw (robust resource initialisation); on a software GPU
 * that clear of a streaming volume's texture (~70–90 ms for 512×512×133 half floats) came at
 * the views' final draw, after the last slice, where everything waits for it. Done when the
 * texture is made, it runs while the slices are still on their way. The context's state this
 * touches is put back as it was (vtk.js keeps its own idea of it).
 */

interface TouchKit {
  program: WebGLProgram;
  framebuffer: WebGLFramebuffer;
  vao: WebGLVertexArrayObject;
  sampler: WebGLUniformLocation | null;
}

const kits = new WeakMap<WebGL2RenderingContext, TouchKit | null>();

const VERTEX = `#version 300 es
void main() { gl_Position = vec4(0.0, 0.0, 0.0, 1.0); gl_PointSize = 1.0; }`;
const FRAGMENT = `#version 300 es
precision highp float;
precision highp sampler3D;
uniform sampler3D volume;
out vec4 colour;
void main() { colour = texture(volume, vec3(0.5)); }`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader | null {
  const shader = gl.createShader(type);
  if (!shader) return null;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  return shader;
}

function kitFor(gl: WebGL2RenderingContext): TouchKit | null {
  if (kits.has(gl)) return kits.get(gl) ?? null;
  let kit: TouchKit | null = null;
  const vs = compile(gl, gl.VERTEX_SHADER, VERTEX);
  const fs = compile(gl, gl.FRAGMENT_SHADER, FRAGMENT);
  const program = gl.createProgram();
  const framebuffer = gl.createFramebuffer();
  const renderbuffer = gl.createRenderbuffer();
  const vao = gl.createVertexArray();
  if (vs && fs && program && framebuffer && renderbuffer && vao) {
    gl.attachShader(program, vs);
    gl.attachShader(program, fs);
    gl.linkProgram(program);
    // The linked program keeps what it needs: the shader objects can go.
    gl.detachShader(program, vs);
    gl.detachShader(program, fs);
    gl.deleteShader(vs);
    gl.deleteShader(fs);
    const prevRb = gl.getParameter(gl.RENDERBUFFER_BINDING) as WebGLRenderbuffer | null;
    const prevFb = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindRenderbuffer(gl.RENDERBUFFER, renderbuffer);
    gl.renderbufferStorage(gl.RENDERBUFFER, gl.RGBA8, 1, 1);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, renderbuffer);
    gl.bindFramebuffer(gl.FRAMEBUFFER, prevFb);
    gl.bindRenderbuffer(gl.RENDERBUFFER, prevRb);
    if (gl.getProgramParameter(program, gl.LINK_STATUS)) kit = { program, framebuffer, vao, sampler: gl.getUniformLocation(program, 'volume') };
  }
  kits.set(gl, kit);
  return kit;
}

/** Draws one point sampling `texture` (a TEXTURE_3D of `gl`); false when it could not. */
export function touchTexture3D(gl: WebGL2RenderingContext, texture: WebGLTexture): boolean {
  const kit = kitFor(gl);
  if (!kit) return false;
  const saved = {
    program: gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram | null,
    framebuffer: gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
    vao: gl.getParameter(gl.VERTEX_ARRAY_BINDING) as WebGLVertexArrayObject | null,
    unit: gl.getParameter(gl.ACTIVE_TEXTURE) as number,
    viewport: gl.getParameter(gl.VIEWPORT) as Int32Array,
    scissor: gl.isEnabled(gl.SCISSOR_TEST),
    discard: gl.isEnabled(gl.RASTERIZER_DISCARD),
    colorMask: gl.getParameter(gl.COLOR_WRITEMASK) as boolean[],
  };
  // The unit vtk.js is on keeps its own binding: one it does not use is borrowed.
  const unit = gl.TEXTURE0 + (gl.getParameter(gl.MAX_COMBINED_TEXTURE_IMAGE_UNITS) as number) - 1;
  gl.activeTexture(unit);
  const savedTexture = gl.getParameter(gl.TEXTURE_BINDING_3D) as WebGLTexture | null;
  try {
    gl.bindTexture(gl.TEXTURE_3D, texture);
    gl.useProgram(kit.program);
    gl.uniform1i(kit.sampler, unit - gl.TEXTURE0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, kit.framebuffer);
    gl.bindVertexArray(kit.vao);
    gl.viewport(0, 0, 1, 1);
    gl.disable(gl.SCISSOR_TEST);
    gl.disable(gl.RASTERIZER_DISCARD);
    gl.colorMask(true, true, true, true);
    gl.drawArrays(gl.POINTS, 0, 1);
    gl.flush();
  } finally {
    gl.bindTexture(gl.TEXTURE_3D, savedTexture);
    gl.activeTexture(saved.unit);
    gl.useProgram(saved.program);
    gl.bindFramebuffer(gl.FRAMEBUFFER, saved.framebuffer);
    gl.bindVertexArray(saved.vao);
    gl.viewport(saved.viewport[0]!, saved.viewport[1]!, saved.viewport[2]!, saved.viewport[3]!);
    if (saved.scissor) gl.enable(gl.SCISSOR_TEST);
    if (saved.discard) gl.enable(gl.RASTERIZER_DISCARD);
    gl.colorMask(saved.colorMask[0]!, saved.colorMask[1]!, saved.colorMask[2]!, saved.colorMask[3]!);
  }
  return true;
}
