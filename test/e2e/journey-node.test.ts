import { startServer } from '../helpers/server'
import { describeJourney } from '../shared/journey'

describeJourney('node', () => startServer())
