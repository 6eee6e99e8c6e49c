import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { setTeamChat, testTeamChat } from '../../services/chat'
import { actorOf, apiRouter, errors, json, jsonBody, security } from '../http'
import { Ok } from './schemas'

const TeamParam = z.object({ teamId: z.string().max(64) })

const ChatHint = z
  .object({
    chatHint: z
      .string()
      .nullable()
      .describe('What identifies the webhook without revealing it, e.g. "hooks.slack.com …x9Qz"'),
  })
  .openapi('TeamChat')

/** A team's chat webhook: set, remove, try. The URL is never answered back. */
export function teamSettingsApi(deps: Deps) {
  const app = apiRouter()

  app.openapi(
    createRoute({
      operationId: 'setTeamChat',
      method: 'put',
      path: '/teams/{teamId}/chat',
      tags: ['Teams'],
      summary: 'Set or remove (null) the team’s chat webhook (facilitators and admins)',
      description:
        'A Slack-compatible incoming webhook (Slack, Mattermost, a Microsoft Teams workflow), told when a round opens, reaches its quorum, is released and gets its debrief. The URL is kept sealed and never shown again; only its hint is.',
      security,
      request: {
        params: TeamParam,
        body: jsonBody(z.object({ url: z.string().max(2000).nullable() })),
      },
      responses: { 200: json(ChatHint, 'The webhook’s hint, null once removed'), ...errors(404) },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param')
      return c.json(await setTeamChat(deps, actorOf(c), teamId, c.req.valid('json').url), 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'testTeamChat',
      method: 'post',
      path: '/teams/{teamId}/chat/test',
      tags: ['Teams'],
      summary: 'Post a test message to the team’s chat webhook',
      description:
        'Answers 400 (`bad_request`) with the reason when the team has no webhook or the chat server did not take the message.',
      security,
      request: { params: TeamParam },
      responses: { 200: json(Ok, 'The chat server took the message'), ...errors(404) },
    }),
    async (c) => {
      await testTeamChat(deps, actorOf(c), c.req.valid('param').teamId)
      return c.json({ ok: true as const }, 200)
    },
  )

  return app
}
