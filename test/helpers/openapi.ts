import { expect } from 'vitest'
import { z } from 'zod'
import type { TestApp } from './app'

/** The parts of an OpenAPI 3.1 document these checks read. */
export interface OpenApiDocument {
  openapi: string
  info: Record<string, any>
  servers?: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, object>
    responses: Record<string, Response>
    securitySchemes: Record<string, object>
  }
}

interface Response {
  description: string
  content?: Record<string, { schema: object }>
}

export interface Operation {
  operationId: string
  summary?: string
  tags?: string[]
  parameters?: { name: string; in: string; required?: boolean }[]
  requestBody?: { content: Record<string, unknown> }
  security?: Record<string, string[]>[]
  responses: Record<string, Response | { $ref: string }>
}

export interface DocumentedOperation {
  key: string
  method: string
  path: string
  op: Operation
}

/** GET /openapi.json from the app, as a client generator would read it. */
export async function fetchDocument(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.call('GET', '/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return res.json
}

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  )
}

interface Answer {
  status: number
  headers: Headers
  text: string
  json: unknown
}

/**
 * Checks real answers against the document: the request must match a documented operation, the
 * status must be declared for it, the media type must be the declared one, and the body must be
 * valid against the declared schema (the document's JSON Schema, turned into zod). Records which
 * statuses each operation was seen to answer.
 */
export function documentChecker(doc: OpenApiDocument) {
  const operations = operationsOf(doc).map((o) => ({
    ...o,
    pattern: new RegExp(`^${o.path.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
  }))
  const validators = new Map<object, z.ZodType>()
  const seen = new Map<string, Set<number>>()

  /** A schema of the document as zod, its `#/components/schemas/` references resolved. */
  function validatorOf(schema: object): z.ZodType {
    let validator = validators.get(schema)
    if (!validator) {
      const local = (value: object) =>
        JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'))
      validator = z.fromJSONSchema({ ...local(schema), $defs: local(doc.components.schemas) })
      validators.set(schema, validator)
    }
    return validator
  }

  function responseOf(op: Operation, status: number): Response | undefined {
    const declared = op.responses[String(status)]
    if (!declared || !('$ref' in declared)) return declared
    return doc.components.responses[declared.$ref.replace('#/components/responses/', '')]
  }

  /** Fails unless `res` is an answer the document declares for `method path`. */
  function check(method: string, url: string, res: Answer): Operation {
    const path = url.split('?')[0]!
    const found = operations.find((o) => o.method === method && o.pattern.test(path))
    expect(found, `${method} ${path} is not in the document`).toBeDefined()
    const { op, key } = found!
    const where = `${key} answered ${res.status}: ${res.text.slice(0, 300)}`
    const response = responseOf(op, res.status)
    expect(response, `${where}\nbut declares only ${Object.keys(op.responses)}`).toBeDefined()
    const media = Object.keys(response!.content ?? {})
    const type = res.headers.get('content-type')?.split(';')[0]?.trim() ?? ''
    expect(media, `${where}\nas ${type || 'no content'}`).toEqual(type ? [type] : [])
    if (type) {
      const body = type === 'application/json' ? res.json : res.text
      const result = validatorOf(response!.content![type]!.schema).safeParse(body)
      expect(result.error?.issues ?? [], where).toEqual([])
    }
    const statuses = seen.get(op.operationId) ?? new Set()
    seen.set(op.operationId, statuses.add(res.status))
    return op
  }

  return { check, seen, validatorOf }
}

/** `t.call`, with every answer checked against the document. */
export function checkedCalls(t: TestApp, checker: ReturnType<typeof documentChecker>) {
  return async (...args: Parameters<TestApp['call']>) => {
    const res = await t.call(...args)
    checker.check(args[0], args[1], res)
    return res
  }
}
