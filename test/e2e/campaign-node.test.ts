import { startServer } from '../helpers/server'
import { describeCampaignJourney } from '../shared/campaign-journey'

describeCampaignJourney('node', () => startServer())
