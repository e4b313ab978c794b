# The platform's production image: the API, the live gateway and the built
# dashboard in one Node process. TypeScript runs through tsx, so there is no
# separate compile step to drift from what the tests ran.
FROM node:20-bookworm-slim
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH NODE_ENV=production
RUN npm install -g pnpm@10.34.9
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/server/package.json apps/server/
COPY apps/dashboard/package.json apps/dashboard/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
RUN pnpm install --frozen-lockfile --prod=false
COPY . .
RUN pnpm --filter @samverkan/dashboard build
USER node
EXPOSE 3000
CMD ["pnpm", "--filter", "@samverkan/server", "start"]
