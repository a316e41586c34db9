import { WINDOWS, type SpikeInfo } from '../../metrics';
import { viewRoom } from '../../socket-events';
import type { BrandpulseServer } from '../realtime/hub';
import type { AnnotationEvent, SpikeService } from './spike-service';

/**
 * Sends the service's spike and annotation events to every view room of the brand. One emit per event to a
 * set of rooms: socket.io encodes it once and a socket watching several windows of the brand gets it once.
 * Returns the detach function.
 */
export function attachSpikeBroadcast(service: SpikeService, io: BrandpulseServer): () => void {
	const rooms = (brand: string) => WINDOWS.map((window) => viewRoom(brand, window));
	const onSpike = (spike: SpikeInfo) =>
		io.to(rooms(spike.brand)).emit('spike', { brand: spike.brand, spike });
	const onAnnotation = (event: AnnotationEvent) => io.to(rooms(event.brand)).emit('annotation', event);
	service.on('spike', onSpike);
	service.on('annotation', onAnnotation);
	return () => {
		service.off('spike', onSpike);
		service.off('annotation', onAnnotation);
	};
}
