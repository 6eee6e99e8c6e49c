import { startServer } from '../helpers/server'
import { describeAnonymity } from '../shared/anonymity'

describeAnonymity('node', () => startServer())
