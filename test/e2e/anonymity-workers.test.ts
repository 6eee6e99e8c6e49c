import { startWorker } from '../helpers/worker'
import { BALLOT_KEY, describeAnonymity } from '../shared/anonymity'

describeAnonymity('workers', () => startWorker({ BALLOT_KEY }))
