/** Typed arrays that grow by doubling, for index lists whose length is known only at the end. */
export class GrowU32 {
  private a = new Uint32Array(256);
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(x: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = x;
  }

  push2(x: number, y: number): void {
    if (this.n + 2 > this.a.length) this.grow();
    this.a[this.n++] = x;
    this.a[this.n++] = y;
  }

  at(k: number): number {
    return this.a[k]!;
  }

  /** A compact copy of what was pushed. */
  done(): Uint32Array {
    return this.a.slice(0, this.n);
  }

  private grow(): void {
    const b = new Uint32Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
}

export class GrowU8 {
  private a = new Uint8Array(256);
  private n = 0;

  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Uint8Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }

  done(): Uint8Array {
    return this.a.slice(0, this.n);
  }
}
