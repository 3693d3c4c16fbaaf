/** The bare shape's activity: a round trip through the server and nothing else. */
export function createBareActivities() {
  return {
    async bareStep(): Promise<void> {},
  };
}
