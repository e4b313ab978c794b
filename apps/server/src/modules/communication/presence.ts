import { can, type MessagePresence } from '@samverkan/contracts';
import fp from 'fastify-plugin';
import { z } from 'zod';

const EditingSchema = z.object({ messageId: z.string().uuid(), editing: z.boolean() });
const room = (messageId: string) => `presence:${messageId}`;

/**
 * Who has a message open in the editor. Ephemeral by nature, so it lives in
 * Socket.IO rooms rather than the event log: a socket that opens the editor
 * joins `presence:<id>`, and everyone in that room is told who is there
 * whenever someone comes or goes (a closed tab or a dropped connection too).
 * `fetchSockets` asks every server node through the adapter.
 */
export default fp(
  async (app) => {
    const { io } = app.live;

    async function announce(messageId: string): Promise<void> {
      const sockets = await io.in(room(messageId)).fetchSockets();
      const editors = new Map<string, MessagePresence['editors'][number]>();
      for (const s of sockets) {
        const u = s.data.user;
        editors.set(u.id, { userId: u.id, name: u.name, actorName: u.actorName });
      }
      io.to(room(messageId)).emit('message:presence', { messageId, editors: [...editors.values()] });
    }

    io.on('connection', (socket) => {
      const user = socket.data.user;
      socket.on('message:editing', async (raw) => {
        const parsed = EditingSchema.safeParse(raw);
        if (!parsed.success || !can(user.role, 'viewMessageDesk')) return;
        const { messageId, editing } = parsed.data;
        if (editing) await socket.join(room(messageId));
        else await socket.leave(room(messageId));
        await announce(messageId).catch((err) => app.log.warn({ err }, 'presence announcement failed'));
        // The one who left is no longer in the room, but should see that they left.
        if (!editing) socket.emit('message:presence', { messageId, editors: [] });
      });
      socket.on('disconnecting', () => {
        const left = [...socket.rooms].filter((r) => r.startsWith('presence:')).map((r) => r.slice('presence:'.length));
        // After the disconnect the socket has left its rooms; then tell those who remain.
        socket.once('disconnect', () => {
          for (const messageId of left) {
            announce(messageId).catch((err) => app.log.warn({ err }, 'presence announcement failed'));
          }
        });
      });
    });
  },
  { name: 'message-presence', dependencies: ['live'] },
);
