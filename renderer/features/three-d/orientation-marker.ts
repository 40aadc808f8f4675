import * as THREE from 'three';

/** The marker's corner square, CSS px. */
export const MARKER_SIZE = 84;

function label(text: string, color: string): THREE.Sprite {
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d')!;
  g.fillStyle = color;
  g.font = 'bold 44px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(text, 32, 34);
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: new THREE.CanvasTexture(c), depthTest: false, transparent: true }));
  sprite.scale.set(0.55, 0.55, 1);
  return sprite;
}

/**
 * The patient's axes in a corner, turned with the camera: L/R on x, P/A on y, S/I on z
 * (LPS), coloured as the slice panes' conventions go (x red, y green, z blue), so the
 * reader always knows which side faces them.
 */
export class OrientationMarker {
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.OrthographicCamera(-1.6, 1.6, 1.6, -1.6, 0.1, 10);

  constructor() {
    const axes: [THREE.Vector3, string, string, string][] = [
      [new THREE.Vector3(1, 0, 0), '#ff6060', 'L', 'R'],
      [new THREE.Vector3(0, 1, 0), '#60e060', 'P', 'A'],
      [new THREE.Vector3(0, 0, 1), '#6aa0ff', 'S', 'I'],
    ];
    for (const [dir, color, plus, minus] of axes) {
      const geo = new THREE.BufferGeometry().setFromPoints([dir.clone().multiplyScalar(-0.9), dir.clone().multiplyScalar(0.9)]);
      this.scene.add(new THREE.LineSegments(geo, new THREE.LineBasicMaterial({ color })));
      const p = label(plus, color);
      p.position.copy(dir.clone().multiplyScalar(1.2));
      const m = label(minus, '#9aa4b0');
      m.position.copy(dir.clone().multiplyScalar(-1.2));
      this.scene.add(p, m);
    }
  }

  /** Turns the marker as the main camera looks; a label on the line of sight fades (it would sit on its opposite). */
  follow(main: THREE.Camera): void {
    const back = new THREE.Vector3(0, 0, 1).applyQuaternion(main.quaternion);
    for (const o of this.scene.children) {
      if (o instanceof THREE.Sprite) o.material.opacity = Math.abs(o.position.clone().normalize().dot(back)) > 0.9 ? 0.2 : 1;
    }
    this.camera.position.copy(back.multiplyScalar(4));
    this.camera.up.copy(main.up);
    this.camera.lookAt(0, 0, 0);
  }

  dispose(): void {
    this.scene.traverse((o) => {
      if (o instanceof THREE.LineSegments) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
      if (o instanceof THREE.Sprite) {
        o.material.map?.dispose();
        o.material.dispose();
      }
    });
  }
}
