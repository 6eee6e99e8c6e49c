import { startServer } from '../helpers/server'
import { BALLOT_KEY, describeAnonymity } from '../shared/anonymity'

describeAnonymity('node', () => startServer({ BALLOT_KEY }))
