import time

from django.core.management.base import BaseCommand

from motcua.notifications.simulator import GatewaySimulator


class Command(BaseCommand):
    help = "Chạy cổng SMS/Zalo giả lập cho môi trường phát triển (in ra mọi tin nhận được)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, port, **options):
        simulator = GatewaySimulator(port=port, echo=self.stdout.write).start()
        self.stdout.write(f"Cổng giả lập: {simulator.url}/sms và {simulator.url}/zalo (Ctrl-C để dừng)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            simulator.stop()
