/** Entry of the bundling worker (see processing/worker/). */
import { registerBundlingWorker } from '../../processing/worker/register';

registerBundlingWorker();
