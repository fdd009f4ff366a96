/**
 * The simulator's future: a binary min-heap on (time, insertion order) kept
 * in parallel typed arrays, so millions of events cost no allocations. pop()
 * leaves the event in the public fields instead of returning an object.
 */
export class EventQueue {
  private times = new Float64Array(1024);
  private orders = new Float64Array(1024);
  private kinds = new Int32Array(1024);
  private ids = new Int32Array(1024);
  private generations = new Int32Array(1024);
  private count = 0;
  private inserted = 0;

  time = 0;
  kind = 0;
  id = 0;
  generation = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, id: number, generation = 0): void {
    if (this.count === this.times.length) this.grow();
    let index = this.count++;
    const order = this.inserted++;
    // Sift up: move parents down until the slot for the new event is found.
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.earlier(parent, time, order)) break;
      this.move(parent, index);
      index = parent;
    }
    this.set(index, time, order, kind, id, generation);
  }

  /** Removes the earliest event into time/kind/id/generation; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.time = this.times[0];
    this.kind = this.kinds[0];
    this.id = this.ids[0];
    this.generation = this.generations[0];
    const last = --this.count;
    if (last === 0) return true;
    const time = this.times[last];
    const order = this.orders[last];
    const kind = this.kinds[last];
    const id = this.ids[last];
    const generation = this.generations[last];
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.earlier(right, this.times[left], this.orders[left]) ? right : left;
      if (!this.earlier(child, time, order)) break;
      this.move(child, index);
      index = child;
    }
    this.set(index, time, order, kind, id, generation);
    return true;
  }

  /** Whether the event at `index` comes before (time, order). */
  private earlier(index: number, time: number, order: number): boolean {
    const own = this.times[index];
    return own < time || (own === time && this.orders[index] < order);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.orders[to] = this.orders[from];
    this.kinds[to] = this.kinds[from];
    this.ids[to] = this.ids[from];
    this.generations[to] = this.generations[from];
  }

  private set(index: number, time: number, order: number, kind: number, id: number, generation: number): void {
    this.times[index] = time;
    this.orders[index] = order;
    this.kinds[index] = kind;
    this.ids[index] = id;
    this.generations[index] = generation;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grown = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(array);
      return bigger;
    };
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.orders = grown(this.orders, (n) => new Float64Array(n));
    this.kinds = grown(this.kinds, (n) => new Int32Array(n));
    this.ids = grown(this.ids, (n) => new Int32Array(n));
    this.generations = grown(this.generations, (n) => new Int32Array(n));
  }
}
