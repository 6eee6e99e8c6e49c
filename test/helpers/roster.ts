/**
 * A team's roster over HTTP, for tests that drive a running server: `size` people by name only,
 * so their links are handed out by hand (P6b: a round never has more links than its roster).
 */
export async function fillRoster(
  client: { call(method: string, path: string, options?: { body?: unknown }): Promise<any> },
  teamId: string,
  size: number,
): Promise<void> {
  const members = Array.from({ length: size }, (_, i) => ({ name: `Member ${i + 1}` }))
  const res = await client.call('POST', `/api/teams/${teamId}/members/import`, {
    body: { members },
  })
  if (res.status !== 200) throw new Error(`roster not filled: ${res.status} ${res.text}`)
}
