import { writeFileSync } from 'node:fs'
import { surveyJsonSchema } from '../src/domain/survey'

/** Writes surveys/survey.schema.json, which the survey files name in "$schema" for editors. */
const target = new URL('../surveys/survey.schema.json', import.meta.url)
writeFileSync(target, `${JSON.stringify(surveyJsonSchema(), null, 2)}\n`)
console.log(`wrote ${target.pathname}`)
