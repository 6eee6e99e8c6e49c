import { startWorker } from '../helpers/worker'
import { describeCampaignJourney } from '../shared/campaign-journey'

describeCampaignJourney('workers', () => startWorker())
