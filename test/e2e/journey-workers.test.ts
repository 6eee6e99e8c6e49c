import { startWorker } from '../helpers/worker'
import { describeJourney } from '../shared/journey'

describeJourney('workers', () => startWorker())
