/** Does nothing: the baseline measures Temporal's own cost of an activity round trip. */
export async function noop(i: number): Promise<number> {
  return i;
}
