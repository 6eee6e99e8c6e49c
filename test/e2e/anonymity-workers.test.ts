import { startWorker } from '../helpers/worker'
import { describeAnonymity } from '../shared/anonymity'

describeAnonymity('workers', () => startWorker())
